from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    eco_bonus_min_photos = fields.Integer("Photos per repaired item", default=2)
    eco_bonus_photo_max_mb = fields.Integer("Largest photo (MB)", default=15)
    eco_bonus_photo_max_side = fields.Integer("Photo size sent (pixels)", default=1280)

    @api.model
    def _load_pos_data_fields(self, config_id):
        return super()._load_pos_data_fields(config_id) + [
            "eco_bonus_min_photos",
            "eco_bonus_photo_max_mb",
            "eco_bonus_photo_max_side",
        ]

    @api.constrains("eco_bonus_min_photos", "eco_bonus_photo_max_mb", "eco_bonus_photo_max_side")
    def _check_eco_bonus_photo_settings(self):
        for company in self:
            if company.eco_bonus_min_photos < 1 or company.eco_bonus_photo_max_mb < 1:
                raise ValidationError(_("At least one photo, of at least 1 MB, must be allowed."))
            if company.eco_bonus_photo_max_side < 320:
                raise ValidationError(_("Photos sent must keep at least 320 pixels."))
