from . import pos_payment_link
from . import sale_order_line
