from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    qualirepar_warranty_months = fields.Integer(
        "Repair warranty (months)",
        default=3,
        help="A device back within this period after a repair is a warranty return: no new bonus "
        "(the label asks for at least 3 months).",
    )

    @api.constrains("qualirepar_warranty_months")
    def _check_qualirepar_warranty_months(self):
        for company in self:
            if company.qualirepar_warranty_months < 3:
                raise ValidationError(_("The QualiRépar label asks for a repair warranty of at least 3 months."))


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    qualirepar_warranty_months = fields.Integer(related="company_id.qualirepar_warranty_months", readonly=False)
