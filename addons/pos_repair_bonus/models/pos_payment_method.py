from odoo import api, fields, models


class PosPaymentMethod(models.Model):
    _inherit = "pos.payment.method"

    eco_organism_id = fields.Many2one(
        "eco.organism",
        string="Repair bonus of",
        help="Payments of this method are repair bonuses the eco-organism owes: the POS adds them itself.",
    )

    @api.model
    def _load_pos_data_fields(self, config_id):
        return super()._load_pos_data_fields(config_id) + ["eco_organism_id"]
