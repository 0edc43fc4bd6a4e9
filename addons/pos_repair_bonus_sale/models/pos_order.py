from odoo import models


class PosOrder(models.Model):
    _inherit = "pos.order"

    def _eco_bonus_is_discount(self, line):
        # the deposit a pick-up deducts was paid: it lowers what is due, not the repair's price
        if line.sale_order_line_id.is_downpayment or line.product_id == line.order_id.config_id.down_payment_product_id:
            return False
        return super()._eco_bonus_is_discount(line)
