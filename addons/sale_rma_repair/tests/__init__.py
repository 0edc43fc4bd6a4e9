from . import test_rma_repair
