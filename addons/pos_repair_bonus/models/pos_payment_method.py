from odoo import api, fields, models


class PosPaymentMethod(models.Model):
    _inherit = "pos.payment.method"

    eco_organism_id = fields.Many2one(
        "eco.organism",
        string="Repair bonus of",
        help="Payments of this method are repair bonuses the eco-organism owes: the POS adds them itself.",
    )

    is_repair_bonus = fields.Boolean(compute="_compute_is_repair_bonus")

    _sql_constraints = [
        (
            "eco_organism_customer_account",
            "CHECK(eco_organism_id IS NULL OR (journal_id IS NULL AND split_transactions))",
            (
                "A repair bonus payment method has no journal and identifies the customer: "
                "its payments are receivables on the eco-organism."
            ),
        ),
    ]

    @api.depends("eco_organism_id")
    def _compute_is_repair_bonus(self):
        for method in self:
            method.is_repair_bonus = bool(method.eco_organism_id)

    def _pos_credit_excluded(self):
        # customer_loyalty's credit control, where installed: a bonus is owed by the eco-organism
        return self.is_repair_bonus or getattr(super(), "_pos_credit_excluded", lambda: False)()

    @api.model
    def _load_pos_data_fields(self, config_id):
        return super()._load_pos_data_fields(config_id) + ["is_repair_bonus"]
