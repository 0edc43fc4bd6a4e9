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
        """Mark the deposits paid online as used by this pickup, under a lock: two tills never
        use one deposit. A deposit is deducted by the order's down-payment line (pos_sale loads
        it from the sale order); deposits of before down payments by the payment link method.

        The order is already paid in the shop: a mismatch is reported, never refused."""
        self.ensure_one()
        Link = self.env["pos.payment.link"]
        taken, taken_elsewhere = Link._claim_deposits_for_pos_order(self)
        for link in taken_elsewhere:
            message = _(
                "Order %(order)s deducts the deposit %(link)s, already deducted by %(other)s: the customer "
                "was given it twice. Check the customer's account.",
                order=self.name,
                link=link.name,
                other=link.deposit_pos_order_id.name,
            )
            self.sudo().message_post(body=message)
            link.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=_("Deposit deducted twice: %(link)s", link=link.name),
                note=message,
                user_id=link._payment_link_manager().id,
            )
        deducted = sum(self.payment_ids.filtered("payment_method_id.is_payment_link").mapped("amount"))
        if not deducted:
            return
        available = sum(taken.filtered(lambda link: not link.invoice_id).mapped("amount"))
        if float_compare(deducted, available, precision_rounding=self.currency_id.rounding):
            self.sudo().message_post(
                body=_(
                    "%(deducted)s deducted as an online deposit, but the deposits paid on this order come to "
                    "%(available)s: check the customer's account.",
                    deducted=format_amount(self.env, deducted, self.currency_id),
                    available=format_amount(self.env, available, self.currency_id),
                )
            )
