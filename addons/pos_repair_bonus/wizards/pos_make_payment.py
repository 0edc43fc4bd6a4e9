from odoo import fields, models


class PosMakePayment(models.TransientModel):
    _inherit = "pos.make.payment"

    amount = fields.Float(default=lambda self: self._default_amount())

    def _default_amount(self):
        # a refund of bonus repairs gives the customer back what they paid: the
        # bonus goes back to the eco-organism (added on validation)
        amount = super()._default_amount()
        order = self.env["pos.order"].browse(self.env.context.get("active_id"))
        if order.exists() and order.state == "draft" and not order._eco_bonus_payments():
            amount -= order._eco_bonus_refund_amount()
        return amount

    def check(self):
        """Orders paid from the back office (refunds above all) follow the same
        bonus rules as those synced from the till."""
        order = self.env["pos.order"].browse(self.env.context.get("active_id"))
        if order.exists() and order.state == "draft" and not order._eco_bonus_payments():
            order._eco_bonus_add_refund_payment()
        result = super().check()
        if order.exists():
            order._eco_bonus_create_claim()
        return result
