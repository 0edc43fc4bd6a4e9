from . import test_settings
from . import test_customer_statistics
from . import test_loyalty_cards
from . import test_loyalty_card_tours
from . import test_consents
from . import test_partner_validation
from . import test_anonymisation
from . import test_customer_data_tours
