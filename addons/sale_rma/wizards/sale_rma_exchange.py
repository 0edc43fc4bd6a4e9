from odoo import _, api, fields, models
from odoo.exceptions import UserError


class SaleRmaExchange(models.TransientModel):
    """The customer wants another product: which one, and how it is shipped."""

    _name = "sale.rma.exchange"
    _description = "Exchange a returned product"

    line_id = fields.Many2one("sale.rma.line", required=True)
    product_id = fields.Many2one(related="line_id.product_id", string="Returned product")
    exchange_product_id = fields.Many2one(
        "product.product", "Exchange for", required=True, domain="[('type', '=', 'consu'), ('sale_ok', '=', True)]"
    )
    carrier_id = fields.Many2one("delivery.carrier", "Shipping method")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        line = self.env["sale.rma.line"].browse(values.get("line_id"))
        if line:
            values.setdefault("exchange_product_id", (line.exchange_product_id or line.product_id).id)
            values.setdefault("carrier_id", line.rma_id.carrier_id.id or line.rma_id.order_id.carrier_id.id)
        return values

    def action_confirm(self):
        line = self.line_id
        if line.rma_id.state in ("done", "refused", "cancel"):
            raise UserError(_("%s is closed: its products can no longer be exchanged.", line.rma_id.name))
        line.write({"outcome": "exchange", "exchange_product_id": self.exchange_product_id.id})
        if self.carrier_id:
            line.rma_id.carrier_id = self.carrier_id
        return {"type": "ir.actions.act_window_close"}
