from odoo import fields, models


class SaleRmaReason(models.Model):
    _name = "sale.rma.reason"
    _description = "Return reason"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", help="Empty: every company.")
