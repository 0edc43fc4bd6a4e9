from . import refashion_client
