from . import test_settings
from . import test_customer_statistics
