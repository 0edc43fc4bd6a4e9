from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .qualirepar_catalog import FICHES

# kind of evidence → field of the repair order holding it
EVIDENCE_FIELDS = {
    "nameplate": "nameplate_photo",
    "device_photo": "device_photo",
    "customer_validation": "customer_validation",
}


class QualiReparEvidenceRule(models.Model):
    """What each eco-organism asks as evidence of a repair, as data: required,
    required for some fiches métier only (Ecologic: the nameplate for IT and
    telecom), or sent when the repair has one."""

    _name = "qualirepar.evidence.rule"
    _description = "QualiRépar evidence an eco-organism asks for"
    _order = "organism_code, sequence, id"

    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    organism_code = fields.Selection(
        [("ecosystem", "Ecosystem"), ("ecologic", "Ecologic")], string="Eco-organism", required=True
    )
    kind = fields.Selection(
        [
            ("nameplate", "Nameplate photo"),
            ("device_photo", "Device photo"),
            ("customer_validation", "Signed customer validation"),
        ],
        string="Evidence",
        required=True,
    )
    requirement = fields.Selection(
        [
            ("required", "Required"),
            ("fiches", "Required for some fiches métier, sent when there is one otherwise"),
            ("accepted", "Sent when there is one"),
        ],
        required=True,
        default="required",
    )
    fiches = fields.Char(
        "Fiches métier",
        help="The fiches métier (their numbers, separated by commas) for which the evidence is required.",
    )
    source = fields.Char(help="Where the eco-organism says so.")

    _sql_constraints = [
        ("kind_unique", "unique(organism_code, kind)", "Each evidence is listed once per eco-organism."),
    ]

    @api.constrains("requirement", "fiches")
    def _check_fiches(self):
        known = {code for code, _label in FICHES}
        for rule in self:
            codes = rule._fiche_codes()
            if rule.requirement == "fiches" and not codes:
                raise ValidationError(_("List the fiches métier for which the evidence is required."))
            if codes - known:
                raise ValidationError(
                    _(
                        "Unknown fiches métier: %(codes)s (the fiches are numbered 1 to %(last)s).",
                        codes=", ".join(sorted(codes - known)),
                        last=len(FICHES),
                    )
                )

    def _fiche_codes(self):
        self.ensure_one()
        return {code.strip() for code in (self.fiches or "").split(",") if code.strip()}

    @api.model
    def _for_claim(self, organism_code, fiche):
        """``{kind: required}`` of the evidence ``organism_code`` takes for a device of
        ``fiche``."""
        return {
            rule.kind: rule.requirement == "required" or (rule.requirement == "fiches" and fiche in rule._fiche_codes())
            for rule in self.sudo().search([("organism_code", "=", organism_code)])
        }
