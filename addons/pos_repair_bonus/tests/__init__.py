from . import test_refashion_setup
