from . import test_deposit_link
