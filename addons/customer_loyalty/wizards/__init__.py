from . import loyalty_card_block_wizard
