from . import sale_rma_reason_wizard
from . import sale_rma_process
from . import sale_rma_exchange
