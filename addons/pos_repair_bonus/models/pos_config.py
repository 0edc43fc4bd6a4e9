from odoo import fields, models


class PosConfig(models.Model):
    _inherit = "pos.config"

    refashion_bonus = fields.Boolean(
        "Refashion repair bonus",
        help="Eligible repairs sold in this point of sale get the Refashion bonus deducted.",
    )
