from odoo import fields, models


class EcoOrganism(models.Model):
    _inherit = "eco.organism"

    code = fields.Selection(
        selection_add=[("ecosystem", "Ecosystem"), ("ecologic", "Ecologic")],
        ondelete={"ecosystem": "cascade", "ecologic": "cascade"},
    )
