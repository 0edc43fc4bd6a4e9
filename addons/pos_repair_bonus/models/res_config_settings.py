from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    pos_refashion_bonus = fields.Boolean(related="pos_config_id.refashion_bonus", readonly=False)
