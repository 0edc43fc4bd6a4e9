from odoo import fields, models


class LoyaltyCardBlockWizard(models.TransientModel):
    _name = "loyalty.card.block.wizard"
    _description = "Block a loyalty card"

    card_id = fields.Many2one("loyalty.card", required=True)
    partner_id = fields.Many2one(related="card_id.partner_id")
    points = fields.Float(related="card_id.points")
    reason_id = fields.Many2one("loyalty.card.block.reason", required=True)
    create_new_card = fields.Boolean(
        "Create a new card", help="The customer gets a new card at once, with the points and history of this one."
    )
    new_card_kind = fields.Selection([("physical", "Physical"), ("virtual", "Virtual")], "New card", default="physical")
    new_code = fields.Char("New card number", help="Scan or type the number of the physical card handed out.")

    def action_block(self):
        self.ensure_one()
        new_card = self.card_id._block(
            self.reason_id,
            new_code=self.new_code,
            new_kind=self.create_new_card and self.new_card_kind,
        )
        if not new_card:
            return {"type": "ir.actions.act_window_close"}
        return {
            "type": "ir.actions.act_window",
            "res_model": "loyalty.card",
            "res_id": new_card.id,
            "view_mode": "form",
            "target": "current",
        }
