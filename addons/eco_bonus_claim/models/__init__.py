from . import eco_organism
from . import eco_bonus_family
from . import eco_bonus_repair_type
from . import eco_bonus_claim
