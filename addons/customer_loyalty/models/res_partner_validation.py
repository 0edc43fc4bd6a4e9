import phonenumbers
from stdnum import get_cc_module
from stdnum.eu import vat as eu_vat
from stdnum.fr import siren, siret

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# fields a manager may make mandatory: what a shop asks its customers, never technical fields
REQUIRED_FIELD_CHOICES = [
    "email",
    "phone",
    "mobile",
    "street",
    "zip",
    "city",
    "country_id",
    "vat",
    "company_registry",
    "siret",
    "lang",
]


class ResPartnerRequiredField(models.Model):
    _name = "res.partner.required.field"
    _description = "Mandatory customer field"
    _order = "company_type, id"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    company_type = fields.Selection(
        [("person", "Individual"), ("company", "Company")], "Customer type", required=True, default="person"
    )
    field_name = fields.Selection(selection="_selection_field_name", string="Field", required=True)

    _sql_constraints = [
        (
            "field_unique",
            "UNIQUE(company_id, company_type, field_name)",
            "This field is already mandatory for this customer type.",
        ),
    ]

    @api.model
    def _selection_field_name(self):
        partner_fields = self.env["res.partner"]._fields
        return [
            (fname, partner_fields[fname]._description_string(self.env))
            for fname in REQUIRED_FIELD_CHOICES
            if fname in partner_fields
        ]


class ResPartner(models.Model):
    _inherit = "res.partner"

    confirm_duplicate_vat = fields.Boolean(
        "It is another customer",
        compute="_compute_confirm_duplicate_vat",
        inverse="_inverse_confirm_duplicate_vat",
        help="Tick to save a customer whose VAT number another customer already has.",
    )

    def _compute_confirm_duplicate_vat(self):
        self.confirm_duplicate_vat = False

    def _inverse_confirm_duplicate_vat(self):
        # only read by create/write, for this one save
        return

    def web_save(self, vals, specification, next_id=None):
        # a person saves the customer form (back office, or the till's customer editor):
        # the checks below apply; imports and other modules' code create partners as they are
        return super(ResPartner, self.with_context(customer_validation=True)).web_save(
            vals, specification, next_id=next_id
        )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.context.get("customer_validation"):
            return super().create(vals_list)
        vals_list = [self._customer_checked_vals(vals) for vals in vals_list]
        # the customer saved is checked, not the records its save writes in turn (its contacts)
        partners = super(ResPartner, self.with_context(customer_validation=False)).create(vals_list)
        for partner in partners:
            partner._check_customer_required_fields()
        return partners.with_env(self.env)

    def write(self, vals):
        if not self.env.context.get("customer_validation"):
            return super().write(vals)
        for partner in self.with_context(customer_validation=False):
            super(ResPartner, partner).write(self._customer_checked_vals(vals, partner))
            partner._check_customer_required_fields()
        return True

    # normalisation and checks -------------------------------------------------

    def _customer_country_code(self, vals):
        country = self.env["res.country"].browse(vals["country_id"]) if vals.get("country_id") else self.country_id
        return (country or self.env.company.country_id).code or "FR"

    @api.model
    def _customer_checked_vals(self, vals, partner=None):
        """``vals`` with the VAT and SIRET numbers compacted and checked, and the phone
        numbers in international format; an invalid number, or a VAT number another
        customer has (unless the user confirmed), raises a ValidationError before
        anything is written (and before base_vat's own check, when installed)."""
        partner = partner or self.browse()
        vals = dict(vals)
        country_code = partner._customer_country_code(vals)
        for fname in ("phone", "mobile"):
            if vals.get(fname):
                vals[fname] = self._customer_phone_format(vals[fname], country_code)
        if vals.get("vat"):
            vals["vat"] = vals["vat"].replace(" ", "").replace(".", "").replace("-", "").upper()
            if not self._customer_vat_is_valid(vals["vat"], country_code):
                raise ValidationError(_("%s is not a valid VAT number.", vals["vat"]))
            if not (vals.get("confirm_duplicate_vat") or self.env.context.get("confirm_duplicate_vat")):
                partner._check_duplicate_vat(vals)
        for fname in ("siret", "company_registry"):
            if not (vals.get(fname) and fname in self._fields):
                continue
            vals[fname] = vals[fname].replace(" ", "").replace(".", "")
            # the company ID of a French company is its SIREN (9 digits) or one of its SIRET (14)
            if country_code == "FR" and not (
                siret.is_valid(vals[fname]) or (fname == "company_registry" and siren.is_valid(vals[fname]))
            ):
                raise ValidationError(_("%s is not a valid SIRET number.", vals[fname]))
        return vals

    @api.model
    def _customer_phone_format(self, number, country_code):
        try:
            parsed = phonenumbers.parse(number, country_code)
        except phonenumbers.NumberParseException:
            parsed = None
        if not parsed or not phonenumbers.is_valid_number(parsed):
            raise ValidationError(_("%s is not a valid phone number.", number))
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)

    @api.model
    def _customer_vat_is_valid(self, vat, country_code):
        """python-stdnum's checksum of ``vat``: a VAT number with a country prefix is
        checked against that country's rules, one without against the customer's
        country; a country stdnum does not know is accepted as typed."""
        prefix = vat[:2].lower()
        if prefix.isalpha():
            if prefix in eu_vat.MEMBER_STATES or prefix == "el":
                return eu_vat.is_valid(vat)
            module = get_cc_module(prefix, "vat")
            return module.is_valid(vat[2:]) if module else True
        module = get_cc_module(country_code.lower(), "vat")
        return module.is_valid(vat) if module else True

    def _check_duplicate_vat(self, vals):
        """Refuse ``vals["vat"]`` when another customer has it; a contact shares the
        VAT number of its company and is not checked."""
        if vals.get("parent_id") or (self.parent_id and "parent_id" not in vals):
            return
        domain = [("vat", "=", vals["vat"]), ("parent_id", "=", False)]
        if self:
            domain += [("id", "!=", self.id), "!", ("id", "child_of", self.id)]
        company_id = vals.get("company_id", self.company_id.id)
        if company_id:
            domain += [("company_id", "in", [False, company_id])]
        other = self.with_context(active_test=False).sudo().search(domain, limit=1)
        if other:
            raise ValidationError(
                _(
                    "%(customer)s already has the VAT number %(vat)s. If this is another customer, "
                    'tick "It is another customer" and save again.',
                    customer=other.display_name,
                    vat=vals["vat"],
                )
            )

    def _check_customer_required_fields(self):
        if self.type != "contact":
            return
        lines = (
            self.env["res.partner.required.field"]
            .sudo()
            .search([("company_id", "=", self.env.company.id), ("company_type", "=", self.company_type)])
        )
        labels = dict(lines._fields["field_name"]._description_selection(self.env))
        missing = [
            labels[line.field_name] for line in lines if line.field_name in self._fields and not self[line.field_name]
        ]
        if missing:
            raise ValidationError(_("Missing for this customer: %s.", ", ".join(missing)))
