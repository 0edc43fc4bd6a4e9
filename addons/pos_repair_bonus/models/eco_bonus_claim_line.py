from odoo import fields, models


class EcoBonusClaimLine(models.Model):
    """A repair type of Refashion's grid claimed, with its amount."""

    _name = "eco.bonus.claim.line"
    _description = "Repair bonus claim line"

    claim_id = fields.Many2one("eco.bonus.claim", required=True, ondelete="cascade", index=True)
    currency_id = fields.Many2one(related="claim_id.currency_id")
    repair_type_id = fields.Many2one("eco.bonus.repair.type", required=True)
    description = fields.Char()
    amount = fields.Monetary("Bonus")
