from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .qualirepar_catalog import FICHES


class QualiReparQualification(models.Model):
    """A technician's qualification for one "fiche métier" of the label, with the
    dates it holds: only qualified technicians are sent on site for that fiche."""

    _name = "qualirepar.qualification"
    _description = "Technician qualification"
    _order = "user_id, fiche, date_from desc"
    _rec_name = "fiche"

    user_id = fields.Many2one(
        "res.users",
        "Technician",
        required=True,
        ondelete="cascade",
        index=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    fiche = fields.Selection(FICHES, string="Fiche métier", required=True)
    date_from = fields.Date("Qualified on", required=True, default=fields.Date.context_today)
    date_to = fields.Date("Valid until", help="Empty: no end date.")
    certificate = fields.Binary(attachment=True, help="The training certificate or the attestation.")
    certificate_name = fields.Char()
    note = fields.Char("Training")
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for qualification in self.filtered("date_to"):
            if qualification.date_to < qualification.date_from:
                raise ValidationError(_("%s: a qualification cannot end before it starts.", qualification.user_id.name))

    @api.model
    def _qualified_users(self, fiche, company, day):
        """The users holding a qualification for ``fiche`` in ``company`` on ``day``."""
        return (
            self.sudo()
            .search(
                [
                    ("fiche", "=", fiche),
                    ("company_id", "=", company.id),
                    ("date_from", "<=", day),
                    "|",
                    ("date_to", "=", False),
                    ("date_to", ">=", day),
                ]
            )
            .user_id
        )


class ResUsers(models.Model):
    _inherit = "res.users"

    qualirepar_qualification_ids = fields.One2many(
        "qualirepar.qualification", "user_id", string="QualiRépar qualifications"
    )
