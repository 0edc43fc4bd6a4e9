from odoo import api, fields, models


class PosConfig(models.Model):
    _inherit = "pos.config"

    refashion_organism_ids = fields.Many2many(
        "eco.organism",
        "eco_organism_pos_config_rel",
        "config_id",
        "organism_id",
        string="Refashion accounts",
    )
    refashion_organism_id = fields.Many2one(
        "eco.organism",
        string="Refashion account",
        compute="_compute_refashion_organism_id",
        inverse="_inverse_refashion_organism_id",
        help="Eligible repairs sold in this point of sale get the Refashion bonus deducted.",
    )

    @api.depends("refashion_organism_ids")
    def _compute_refashion_organism_id(self):
        for config in self:
            config.refashion_organism_id = config.refashion_organism_ids[:1]

    def _inverse_refashion_organism_id(self):
        for config in self:
            before = config.refashion_organism_ids
            config.refashion_organism_ids = config.refashion_organism_id
            for organism in before - config.refashion_organism_ids:
                organism._remove_payment_method(config)
        self.refashion_organism_ids._ensure_payment_method()
