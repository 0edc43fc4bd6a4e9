from . import test_settings
from . import test_customer_statistics
from . import test_loyalty_cards
from . import test_loyalty_card_tours
