from odoo import fields, models


class LoyaltyCardBlockReason(models.Model):
    _name = "loyalty.card.block.reason"
    _description = "Reason for blocking a loyalty card"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    is_upgrade = fields.Boolean(
        "Tier upgrade",
        help="The new card issued when blocking for this reason gets the highest tier the card reached this year.",
    )
    company_id = fields.Many2one("res.company", help="Empty: every company.")
