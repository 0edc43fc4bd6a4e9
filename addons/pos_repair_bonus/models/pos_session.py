from odoo import models


class PosSession(models.Model):
    _inherit = "pos.session"

    def _load_pos_data_models(self, config_id):
        # the photos' model is always known to the till: the browser keeps draft
        # orders' photos in its local database
        models_to_load = super()._load_pos_data_models(config_id) + ["eco.bonus.photo"]
        if self.config_id.refashion_organism_id:
            models_to_load += ["eco.bonus.family", "eco.bonus.repair.type"]
        return models_to_load
