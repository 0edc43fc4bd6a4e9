from odoo import fields, models


class SaleRmaLine(models.Model):
    _inherit = "sale.rma.line"

    # without this addon, a line asking for a repair asks for a refund (as the
    # migration of sale_rma 18.0.1.1.0 did when the outcome did nothing)
    outcome = fields.Selection(selection_add=[("repair", "Repair")], ondelete={"repair": "set default"})
    repair_ids = fields.One2many("repair.order", "rma_line_id", string="Repairs", groups="stock.group_stock_user")
