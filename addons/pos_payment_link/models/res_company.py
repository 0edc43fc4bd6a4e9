from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    payment_link_validity_days = fields.Integer(
        "Payment link validity (days)",
        default=7,
        help="A payment link sent to a customer expires after this many days.",
    )

    @api.constrains("payment_link_validity_days")
    def _check_payment_link_validity_days(self):
        for company in self:
            if company.payment_link_validity_days < 1:
                raise ValidationError(_("A payment link must stay valid for at least one day."))
