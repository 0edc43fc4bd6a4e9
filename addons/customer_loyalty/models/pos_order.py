from odoo import _, api, models

from .trusted import trusted


class PosOrder(models.Model):
    _inherit = "pos.order"

    @api.model
    def _process_order(self, order, existing_order):
        """What the till decided offline is checked again here. A paid order is final (the
        customer left with the goods, and French certification forbids changing it):
        what the server finds is reported to the shop, never refused.

        The till no longer offers an anonymised customer, but one that stayed offline may
        still have sold to them: the order is kept, and not invoiced to nobody."""
        partner = self.env["res.partner"].sudo().browse(order.get("partner_id")).exists()
        anonymised = partner.is_anonymised
        if anonymised:
            order["to_invoice"] = False
        order_id = super()._process_order(order, existing_order)
        pos_order = self.browse(order_id)
        pos_order._check_customer_credit_at_sync()
        pos_order._check_loyalty_card_discounts()
        if anonymised:
            pos_order.sudo().message_post(
                body=_(
                    "Rung up for a customer whose data was anonymised meanwhile: the order is kept, without an invoice."
                )
            )
        return order_id

    def confirm_coupon_programs(self, coupon_data):
        # Odoo's till updates the cards it sold or used as the cashier: its own flow
        with trusted():
            return super().confirm_coupon_programs(coupon_data)

    def add_loyalty_history_lines(self, coupon_data, coupon_updates):
        with trusted():
            return super().add_loyalty_history_lines(coupon_data, coupon_updates)

    def _check_customer_credit_at_sync(self):
        """The till decided on the credit with the figures it had; the server checks
        again with today's. A paid order is final (the customer left with the goods,
        and French certification forbids changing it): a breach is reported to the
        shop, never refused."""
        self.ensure_one()
        if self.state not in ("paid", "done", "invoiced") or not self.partner_id:
            return
        amount = sum(self.payment_ids.filtered("payment_method_id.pos_credit_controlled").mapped("amount"))
        if self.currency_id.compare_amounts(amount, 0.0) <= 0:
            return
        customer = self.partner_id.commercial_partner_id
        verdict = customer._pos_credit_verdict(amount, self.config_id, already_counted=True)
        if verdict == "ok":
            return
        available = customer.customer_credit_available + amount
        body = _(
            "Sale on account of %(amount)s over the credit of %(customer)s (%(available)s available when the "
            "order reached the server). The order is kept: follow up with the customer.",
            amount=self.currency_id.format(amount),
            customer=customer.name,
            available=self.currency_id.format(available),
        )
        # the cashier who synced may not be allowed to write on the customer
        self.sudo().message_post(body=body)
        customer.sudo().message_post(body=body)

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
            if program._loyalty_card_allows(cards):
                continue
            self.sudo().message_post(
                body=_(
                    "The discount %(program)s is reserved to loyalty card holders and the customer of this order "
                    "(%(customer)s) has no such card. The order is kept: follow up with the cashier.",
                    program=program.name,
                    customer=self.partner_id.display_name or _("none"),
                )
            )
