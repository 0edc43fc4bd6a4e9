from odoo import api, models


class ProductProduct(models.Model):
    _inherit = "product.product"

    @api.model
    def _load_pos_data_fields(self, config_id):
        return super()._load_pos_data_fields(config_id) + [
            "refashion_eligible",
            "eco_bonus_family_id",
            "eco_bonus_repair_type_ids",
        ]
