from odoo import models


class PosSession(models.Model):
    _inherit = "pos.session"

    def _load_pos_data_models(self, config_id):
        models_to_load = super()._load_pos_data_models(config_id)
        if self.config_id.refashion_organism_id:
            models_to_load += ["eco.bonus.family", "eco.bonus.repair.type", "eco.bonus.photo"]
        return models_to_load
