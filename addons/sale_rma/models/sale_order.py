from datetime import timedelta

from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    rma_ids = fields.One2many("sale.rma", "order_id", string="Returns")
    rma_count = fields.Integer("Returns count", compute="_compute_rma_count")

    def _compute_rma_count(self):
        for order in self:
            order.rma_count = len(order.rma_ids)

    def _rma_return_deadline(self):
        """The last day a customer may ask for a return from their account: the
        company's return period after the (first) delivery; None before it."""
        self.ensure_one()
        if not self.effective_date:
            return None
        delivered = fields.Date.context_today(self, self.effective_date)
        return delivered + timedelta(days=self.company_id.rma_return_period_days)

    def _rma_lock(self):
        """Serialise the returns of these orders: of two requests made at the same
        time, the second one is retried once the first is saved (PostgreSQL refuses
        it a row updated since it began), and then sees what the first one takes."""
        if self.ids:
            self.env.cr.execute("UPDATE sale_order SET write_date = write_date WHERE id IN %s", [tuple(self.ids)])

    def action_view_rmas(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sale_rma.sale_rma_action")
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {"default_order_id": self.id}
        if len(self.rma_ids) == 1:
            action.update(views=[(False, "form")], res_id=self.rma_ids.id)
        return action


class AccountMove(models.Model):
    _inherit = "account.move"

    rma_id = fields.Many2one("sale.rma", "Customer return", index="btree_not_null", copy=False, readonly=True)

    def _post(self, soft=True):
        posted = super()._post(soft)
        refunds = posted.filtered(lambda m: m.rma_id and m.move_type == "out_refund")
        for refund in refunds:
            refund._rma_reconcile_with_invoice()
        # whoever posts (an accountant) may have no rights on returns: only the
        # return's state follows, as the credit notes it waited for are posted
        for rma in refunds.rma_id.sudo():
            rma._on_refund_posted(refunds.filtered(lambda m, rma=rma: m.rma_id == rma))
        return posted

    def _rma_reconcile_with_invoice(self):
        """The credit note settles the invoice it reverses while that is still open."""
        self.ensure_one()
        invoice = self.reversed_entry_id
        if not invoice or invoice.state != "posted" or invoice.payment_state not in ("not_paid", "partial"):
            return
        lines = (invoice | self).line_ids.filtered(
            lambda l: l.account_id.account_type == "asset_receivable" and not l.reconciled
        )
        for account_lines in lines.grouped("account_id").values():
            if account_lines.move_id == invoice | self:
                account_lines.reconcile()
