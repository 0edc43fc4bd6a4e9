from . import sale_rma_process
