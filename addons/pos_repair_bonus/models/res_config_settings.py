from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    pos_refashion_organism_id = fields.Many2one(related="pos_config_id.refashion_organism_id", readonly=False)
    eco_bonus_min_photos = fields.Integer(related="company_id.eco_bonus_min_photos", readonly=False)
    eco_bonus_photo_max_mb = fields.Integer(related="company_id.eco_bonus_photo_max_mb", readonly=False)
    eco_bonus_photo_max_side = fields.Integer(related="company_id.eco_bonus_photo_max_side", readonly=False)
