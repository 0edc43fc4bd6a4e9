from . import eco_organism
from . import qualirepar_catalog
from . import eco_bonus_claim
