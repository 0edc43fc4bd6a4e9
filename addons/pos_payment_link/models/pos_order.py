from odoo import _, models
from odoo.tools import float_compare, format_amount


class PosOrder(models.Model):
    _inherit = "pos.order"

    def _process_saved_order(self, draft):
        order_id = super()._process_saved_order(draft)
        if not draft:
            self._deduct_payment_link_deposits()
        return order_id

    def _deduct_payment_link_deposits(self):
        """Mark the deposits paid online as used by this pickup.

        The order is already paid in the shop: a mismatch is reported, never refused."""
        self.ensure_one()
        deducted = sum(self.payment_ids.filtered("payment_method_id.is_payment_link").mapped("amount"))
        if not deducted:
            return
        orders = self.lines.sale_order_origin_id
        links = self.env["pos.payment.link"]._deposit_available(orders)
        links.write({"deposit_pos_order_id": self.id})
        available = sum(links.mapped("amount"))
        if float_compare(deducted, available, precision_rounding=self.currency_id.rounding):
            self.sudo().message_post(
                body=_(
                    "%(deducted)s deducted as an online deposit, but the deposits paid on this order come to "
                    "%(available)s: check the customer's account.",
                    deducted=format_amount(self.env, deducted, self.currency_id),
                    available=format_amount(self.env, available, self.currency_id),
                )
            )
