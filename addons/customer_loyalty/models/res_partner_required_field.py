from odoo import api, fields, models

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
