from odoo import models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def _customer_credit_settled_qty(self):
        """The quantity invoiced by posted invoices or settled at a till: Odoo's
        invoiced quantity (which pos_sale raises by what tills settled) less what
        invoices still in draft hold."""
        self.ensure_one()
        draft = 0.0
        for invoice_line in self.invoice_lines.filtered(lambda l: l.parent_state == "draft"):
            quantity = invoice_line.product_uom_id._compute_quantity(invoice_line.quantity, self.product_uom)
            draft += -quantity if invoice_line.move_id.move_type == "out_refund" else quantity
        return self.qty_invoiced - draft

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
