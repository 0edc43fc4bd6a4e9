from odoo import api, models


class PosPaymentLink(models.Model):
    _inherit = "pos.payment.link"

    @api.model
    def _create_deposit_sale_order(self, config, partner, order_values):
        sale_order = super()._create_deposit_sale_order(config, partner, order_values)
        # the photos taken at the counter wait on the order for the pick-up
        sale_order._eco_bonus_attach_pos_photos(order_values["lines"])
        return sale_order
