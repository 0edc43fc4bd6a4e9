from odoo import models


class PosMakePayment(models.TransientModel):
    _inherit = "pos.make.payment"

    def check(self):
        """Orders paid from the back office (refunds above all) follow the same
        bonus rules as those synced from the till."""
        result = super().check()
        order = self.env["pos.order"].browse(self.env.context.get("active_id"))
        if order.exists():
            order._eco_bonus_create_claim()
        return result
