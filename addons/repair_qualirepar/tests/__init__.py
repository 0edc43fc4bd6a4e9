from . import test_qualirepar_setup
