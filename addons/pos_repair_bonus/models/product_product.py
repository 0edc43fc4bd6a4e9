from odoo import api, models


class ProductProduct(models.Model):
    _inherit = "product.product"

    @api.model
    def _load_pos_data_fields(self, config_id):
        fields = super()._load_pos_data_fields(config_id)
        # a till without Refashion never deducts the bonus: its products go without
        # (as pos.session loads the families and repair types for such tills only)
        if not self.env["pos.config"].browse(config_id).refashion_organism_id:
            return fields
        return fields + ["refashion_eligible", "eco_bonus_family_id", "eco_bonus_repair_type_ids"]
