from . import eco_organism
from . import eco_bonus_claim
