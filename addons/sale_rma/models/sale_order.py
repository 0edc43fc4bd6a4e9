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
