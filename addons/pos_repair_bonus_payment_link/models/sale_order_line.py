from odoo import api, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    @api.model
    def _payment_link_values_from_pos(self, line):
        # the repair types and item of the till's line, checked against the product's grid
        return {**super()._payment_link_values_from_pos(line), **self._eco_bonus_values_from_pos(line)}
