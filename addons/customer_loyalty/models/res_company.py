from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


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
    customer_statistics_months = fields.Integer(
        "Statistics period (months)",
        default=12,
        help="The customer statistics (purchases, amount spent) cover this many months back from today.",
    )

    @api.constrains("customer_statistics_months")
    def _check_customer_statistics_months(self):
        for company in self:
            if company.customer_statistics_months < 1:
                raise ValidationError(_("The statistics cover at least one month."))
