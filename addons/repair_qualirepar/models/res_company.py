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

    repair_voucher_show_bonus = fields.Boolean("Voucher shows the bonus", default=True)
    repair_voucher_show_qr = fields.Boolean("Voucher shows the repair page QR code", default=True)
    repair_voucher_terms = fields.Text(
        "Voucher terms",
        translate=True,
        default=lambda self: _(
            "The repair is guaranteed for 3 months. A quote refused is charged for the diagnosis only. "
            "A device not collected within 3 months after the customer was told it is ready may be disposed of."
        ),
    )

    repair_sms_done = fields.Boolean("Text when the repair is done", default=True)
    repair_sms_parts = fields.Boolean("Text when the parts arrive", default=True)
    repair_sms_reminder = fields.Boolean("Text an appointment reminder", default=True)
    repair_sms_appointment = fields.Boolean("Text to confirm an appointment", default=True)
    repair_sms_reminder_hours = fields.Integer("Reminder (hours before)", default=24)

    repair_zone_km = fields.Integer(
        "Intervention zone (km)", default=100, help="Declared zone of the on-site interventions; beyond it, a reason."
    )

    repair_survey_id = fields.Many2one(
        "survey.survey",
        "Satisfaction survey",
        help="Sent to the customer when a repair is done, answered from the portal. Empty: no survey.",
    )

    qualirepar_return_months = fields.Integer(
        "Returns counted within (months)",
        default=3,
        help="A device back within this period after its repair is counted in the report of returns.",
    )

    @api.constrains("qualirepar_warranty_months")
    def _check_qualirepar_warranty_months(self):
        for company in self:
            if company.qualirepar_warranty_months < 3:
                raise ValidationError(_("The QualiRépar label asks for a repair warranty of at least 3 months."))


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    qualirepar_warranty_months = fields.Integer(related="company_id.qualirepar_warranty_months", readonly=False)
    qualirepar_return_months = fields.Integer(related="company_id.qualirepar_return_months", readonly=False)
    repair_voucher_show_bonus = fields.Boolean(related="company_id.repair_voucher_show_bonus", readonly=False)
    repair_voucher_show_qr = fields.Boolean(related="company_id.repair_voucher_show_qr", readonly=False)
    repair_voucher_terms = fields.Text(related="company_id.repair_voucher_terms", readonly=False)
    repair_sms_done = fields.Boolean(related="company_id.repair_sms_done", readonly=False)
    repair_sms_parts = fields.Boolean(related="company_id.repair_sms_parts", readonly=False)
    repair_sms_reminder = fields.Boolean(related="company_id.repair_sms_reminder", readonly=False)
    repair_sms_appointment = fields.Boolean(related="company_id.repair_sms_appointment", readonly=False)
    repair_sms_reminder_hours = fields.Integer(related="company_id.repair_sms_reminder_hours", readonly=False)
    repair_zone_km = fields.Integer(related="company_id.repair_zone_km", readonly=False)
    repair_survey_id = fields.Many2one(related="company_id.repair_survey_id", readonly=False)
