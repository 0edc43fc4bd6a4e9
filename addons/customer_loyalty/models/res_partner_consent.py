from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL

from .trusted import is_trusted

CONSENT_STATUSES = [("unknown", "Unknown"), ("accepted", "Accepted"), ("refused", "Refused")]
CONSENT_SOURCES = [
    ("pos", "Point of Sale"),
    ("backend", "Back office"),
    ("portal", "Customer portal"),
    ("import", "Import"),
]


# stamped with the status (see ResPartnerConsent._status_stamp)
EVIDENCE_FIELDS = {"date", "source", "user_id"}


class ResPartnerConsentPurpose(models.Model):
    _name = "res.partner.consent.purpose"
    _description = "Consent purpose"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    description = fields.Html(
        "Text shown to the customer",
        translate=True,
        help="The full text the customer agrees to, printed on the consent form.",
    )
    channel = fields.Selection(
        [("none", "None"), ("email", "E-mail"), ("sms", "SMS"), ("post", "Post")],
        default="none",
        required=True,
        help="A consent for a channel can only be accepted when the customer has its address "
        "(e-mail, mobile number or postal address).",
    )
    kind = fields.Selection(
        [("other", "Other"), ("marketing", "Marketing"), ("e_invoice", "E-invoices")],
        default="other",
        required=True,
        help="What the consent allows, which the addon obeys: Marketing for the shop's mailings, E-invoices for "
        "invoices sent by e-mail (when the company asks for the consent).",
    )
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one("res.company", help="Empty: every company.")

    @api.model_create_multi
    def create(self, vals_list):
        purposes = super().create(vals_list)
        purposes._create_missing_consents()
        return purposes

    def _create_missing_consents(self):
        """Every customer has a line per purpose (status unknown): one insert for
        all customers, as a shop with tens of thousands of customers must be able
        to add a purpose without waiting on the ORM."""
        self.env["res.partner.consent"].flush_model()
        for purpose in self:
            self.env.cr.execute(
                SQL(
                    """
                    INSERT INTO res_partner_consent
                           (partner_id, purpose_id, purpose_sequence, status,
                            create_uid, create_date, write_uid, write_date)
                    SELECT partner.id, %(purpose)s, %(sequence)s, 'unknown', %(uid)s, now() at time zone 'UTC',
                           %(uid)s, now() at time zone 'UTC'
                      FROM res_partner partner
                     WHERE %(company)s IS NULL OR partner.company_id IS NULL OR partner.company_id = %(company)s
                        ON CONFLICT (partner_id, purpose_id) DO NOTHING
                    """,
                    purpose=purpose.id,
                    sequence=purpose.sequence,
                    uid=self.env.uid,
                    company=purpose.company_id.id or None,
                )
            )
        self.env["res.partner.consent"].invalidate_model()
        self.env["res.partner"].invalidate_model(["consent_ids"])


class ResPartnerConsent(models.Model):
    _name = "res.partner.consent"
    _description = "Customer consent"
    _order = "purpose_sequence, purpose_id"
    _rec_name = "purpose_id"

    partner_id = fields.Many2one("res.partner", "Customer", required=True, ondelete="cascade", index=True)
    purpose_id = fields.Many2one("res.partner.consent.purpose", required=True, ondelete="cascade")
    purpose_sequence = fields.Integer(related="purpose_id.sequence", store=True)
    purpose_active = fields.Boolean(related="purpose_id.active")
    channel = fields.Selection(related="purpose_id.channel")
    purpose_description = fields.Html("Text", related="purpose_id.description")
    company_id = fields.Many2one(related="purpose_id.company_id")
    status = fields.Selection(CONSENT_STATUSES, default="unknown", required=True)
    date = fields.Datetime("Given on", readonly=True)
    source = fields.Selection(CONSENT_SOURCES, readonly=True)
    user_id = fields.Many2one("res.users", "Recorded by", readonly=True)

    _sql_constraints = [
        ("partner_purpose_unique", "UNIQUE(partner_id, purpose_id)", "A customer has one consent per purpose."),
    ]

    @api.model
    def _consent_source(self):
        # the till opens its customer editor (the partner form) with one of these keys
        if self.env.context.get("pos_customer_creation"):
            return "pos"
        source = self.env.context.get("consent_source")
        return source if source in dict(CONSENT_SOURCES) else "backend"

    def _status_stamp(self, vals):
        if "status" not in vals:
            return vals
        return dict(vals, date=fields.Datetime.now(), source=self._consent_source(), user_id=self.env.uid)

    def _check_no_evidence(self, vals_list):
        """When and how a consent was given, and who recorded it, are stamped here
        with its status: nobody writes them."""
        if not is_trusted(self.env) and any(EVIDENCE_FIELDS.intersection(vals) for vals in vals_list):
            raise AccessError(
                _("The date, source and author of a consent are recorded with its status: they are not written.")
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_no_evidence(vals_list)
        consents = super().create(
            [self._status_stamp(vals) if vals.get("status", "unknown") != "unknown" else vals for vals in vals_list]
        )
        consents.filtered(lambda consent: consent.status != "unknown")._log_status_change()
        return consents

    def write(self, vals):
        self._check_no_evidence([vals])
        if "status" not in vals:
            return super().write(vals)
        changed = self.filtered(lambda consent: consent.status != vals["status"])
        others = {key: value for key, value in vals.items() if key != "status"}
        if others and self - changed:
            super(ResPartnerConsent, self - changed).write(others)
        if changed:
            super(ResPartnerConsent, changed).write(self._status_stamp(vals))
            changed._log_status_change()
        return True

    def _log_status_change(self):
        """The history of the consents, with who and when, is the customer's chatter."""
        statuses = dict(self._fields["status"]._description_selection(self.env))
        sources = dict(self._fields["source"]._description_selection(self.env))
        for consent in self:
            consent.partner_id.sudo()._message_log(
                body=_(
                    "Consent %(purpose)s: %(status)s (%(origin)s).",
                    purpose=consent.purpose_id.name,
                    status=statuses[consent.status],
                    origin=sources[consent.source],
                )
            )

    @api.constrains("status", "partner_id")
    def _check_channel_address(self):
        for consent in self.filtered(lambda consent: consent.status == "accepted"):
            missing = consent.partner_id._consent_missing_address(consent.channel)
            if missing:
                raise ValidationError(
                    _(
                        "%(customer)s cannot accept %(purpose)s without %(address)s.",
                        customer=consent.partner_id.display_name,
                        purpose=consent.purpose_id.name,
                        address=missing,
                    )
                )
