from odoo import api, models


class EcoBonusFamily(models.Model):
    _name = "eco.bonus.family"
    _inherit = ["eco.bonus.family", "pos.load.mixin"]

    @api.model
    def _load_pos_data_domain(self, data):
        return [("organism_code", "=", "refashion")]

    @api.model
    def _load_pos_data_fields(self, config_id):
        return ["id", "name", "min_repair_amount", "cap_rate"]


class EcoBonusRepairType(models.Model):
    _name = "eco.bonus.repair.type"
    _inherit = ["eco.bonus.repair.type", "pos.load.mixin"]

    @api.model
    def _load_pos_data_domain(self, data):
        return [("organism_code", "=", "refashion")]

    @api.model
    def _load_pos_data_fields(self, config_id):
        return ["id", "name", "code", "family_id", "amount", "date_from", "date_to", "per_pair"]
