from . import test_eco_organism_access
from . import test_loopback_emulator
