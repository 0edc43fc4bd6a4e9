from . import test_rma_repair
from . import test_rma_repair_portal
