from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    pos_refashion_organism_id = fields.Many2one(related="pos_config_id.refashion_organism_id", readonly=False)
