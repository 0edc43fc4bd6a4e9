from . import test_eco_organism_access
