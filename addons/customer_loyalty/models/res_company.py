from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    pos_credit_limit_mode = fields.Selection(
        [
            ("none", "No control"),
            ("warning", "Warn the cashier"),
            ("block", "Block the sale"),
        ],
        string="Credit limit in the POS",
        default="warning",
        required=True,
        help="What the point of sale does when a sale on account would take a customer over their credit limit.",
    )
