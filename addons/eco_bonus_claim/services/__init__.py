from . import client
