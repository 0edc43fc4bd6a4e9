from . import eco_organism
from . import qualirepar_catalog
from . import eco_bonus_claim
from . import repair_order
from . import res_company
from . import sale_order
from . import account_move
from . import control_point
