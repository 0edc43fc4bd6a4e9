from odoo import fields, models


class PosConfig(models.Model):
    _inherit = "pos.config"

    issue_physical_cards = fields.Boolean(
        "Issue physical loyalty cards", default=True, help="The cashier hands out a card and scans its number."
    )
    issue_virtual_cards = fields.Boolean(
        "Issue virtual loyalty cards", help="The system numbers the card and e-mails it to the customer."
    )

    def use_coupon_code(self, code, creation_date, partner_id, pricelist_id):
        result = super().use_coupon_code(code, creation_date, partner_id, pricelist_id)
        if not result["successful"]:
            blocked = (
                self.env["loyalty.card"]
                .sudo()
                .with_context(active_test=False)
                .search([("code", "=", code), ("blocked", "=", True)], limit=1)
            )
            if blocked:
                result["payload"]["error_message"] = blocked._blocked_message()
        return result
