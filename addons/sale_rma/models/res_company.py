from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    rma_return_period_days = fields.Integer(
        "Return period (days)",
        default=30,
        help="Customers may ask to return a product up to this many days after delivery.",
    )

    @api.constrains("rma_return_period_days")
    def _check_rma_return_period_days(self):
        for company in self:
            if company.rma_return_period_days < 0:
                raise ValidationError(_("The return period cannot be negative."))
