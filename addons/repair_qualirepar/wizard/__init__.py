from . import qualirepar_return_report
