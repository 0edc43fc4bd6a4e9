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
    pos_credit_stale_minutes = fields.Integer(
        "Credit figure valid for (minutes)",
        default=60,
        help="When the till cannot reach the server, sales on account are blocked once the customer's credit "
        "figure is older than this.",
    )
    customer_statistics_months = fields.Integer(
        "Statistics period (months)",
        default=12,
        help="The customer statistics (purchases, amount spent) cover this many months back from today.",
    )

    invoice_email_needs_consent = fields.Boolean(
        "E-mail invoices only with consent",
        help="Invoices are e-mailed only to customers who accepted the E-invoices consent; the others get them "
        "on paper.",
    )

    @api.constrains("pos_credit_stale_minutes")
    def _check_pos_credit_stale_minutes(self):
        if any(company.pos_credit_stale_minutes < 1 for company in self):
            raise ValidationError(_("The credit figure is valid for at least one minute."))

    @api.constrains("customer_statistics_months")
    def _check_customer_statistics_months(self):
        for company in self:
            if company.customer_statistics_months < 1:
                raise ValidationError(_("The statistics cover at least one month."))
