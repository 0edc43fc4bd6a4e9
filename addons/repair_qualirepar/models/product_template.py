from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    qualirepar_travel = fields.Boolean(
        "QualiRépar travel costs",
        help="Invoiced for going to the customer: the claims of on-site repairs declare it as travel costs, "
        "apart from the labour.",
    )
