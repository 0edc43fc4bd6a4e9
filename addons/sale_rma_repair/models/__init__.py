from . import repair_order
from . import sale_rma
from . import sale_rma_line
