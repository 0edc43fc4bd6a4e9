from . import test_sale_orders_owed
from . import test_settle_on_account
