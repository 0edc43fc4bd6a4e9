from . import test_accounting
from . import test_bonus_grid
from . import test_bonus_rules
from . import test_claim_sending
from . import test_pos_sync
from . import test_pos_tour
from . import test_refashion_setup
from . import test_claim_queue
