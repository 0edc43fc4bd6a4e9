from . import test_settings
from . import test_payment_link_flows
from . import test_deposit_at_the_till
from . import test_payment_link_security
from . import test_concurrency
from . import test_pos_tours
