from . import res_company
from . import res_config_settings
from . import sale_rma_reason
from . import sale_rma
from . import sale_order
from . import stock
