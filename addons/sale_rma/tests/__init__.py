from . import test_settings
from . import test_rma_flow
from . import test_rma_portal
from . import test_rma_concurrency
from . import test_rma_accounting
