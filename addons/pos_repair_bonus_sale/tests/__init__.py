from . import test_drop_off
from . import test_pick_up_sync
