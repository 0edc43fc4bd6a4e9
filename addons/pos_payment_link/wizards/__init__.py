from . import pos_payment_link_wizard
