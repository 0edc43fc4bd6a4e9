from odoo import _, api, models


class PosOrder(models.Model):
    _inherit = "pos.order"

    @api.model
    def _process_order(self, order, existing_order):
        order_id = super()._process_order(order, existing_order)
        self.browse(order_id)._check_loyalty_card_discounts()
        return order_id

    def _check_loyalty_card_discounts(self):
        """The till grants the discounts reserved to card holders; the server checks
        the customer's cards again. A paid order is final (French certification): a
        discount without the card is reported in the order's chatter, never refused."""
        self.ensure_one()
        programs = self.lines.reward_id.program_id.filtered("requires_loyalty_card")
        if not programs:
            return
        cards = (
            self.env["loyalty.card"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", self.partner_id.id or False),
                    ("program_type", "=", "loyalty"),
                    ("card_kind", "!=", False),
                ]
            )
        )
        for program in programs:
            if cards and (not program.loyalty_tier_ids or cards.tier_id & program.loyalty_tier_ids):
                continue
            self.sudo().message_post(
                body=_(
                    "The discount %(program)s is reserved to loyalty card holders and the customer of this order "
                    "(%(customer)s) has no such card. The order is kept: follow up with the cashier.",
                    program=program.name,
                    customer=self.partner_id.display_name or _("none"),
                )
            )
