from odoo import models

SETTLED_POS_STATES = ("paid", "done", "invoiced")


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def _customer_credit_settled_qty(self):
        """The quantity invoiced by posted invoices, or settled by paid till orders
        (a till order parked or cancelled settles nothing)."""
        self.ensure_one()
        settled = self.qty_invoiced_posted
        for pos_line in self.sudo().pos_order_line_ids:
            if pos_line.order_id.state in SETTLED_POS_STATES:
                settled += self._convert_qty(self, pos_line.qty, "p2s")
        return settled

    def _customer_credit_not_settled(self):
        """Tax included, what this line of a confirmed order still adds to what the
        customer owes; a down payment invoiced or paid at a till takes its amount off
        (the receivable or the till's payment holds it)."""
        self.ensure_one()
        settled = self._customer_credit_settled_qty()
        if self.is_downpayment:
            price = self.tax_id.compute_all(
                self.price_unit, self.currency_id, 1.0, self.product_id, self.order_id.partner_id
            )
            return -price["total_included"] * settled
        if not self.product_uom_qty:
            return 0.0
        return self.price_total * max(self.product_uom_qty - settled, 0.0) / self.product_uom_qty
