from . import test_pos_smoke
from . import test_suite_installed
from . import test_credit_methods
