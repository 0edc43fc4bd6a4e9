from odoo import _, api, models


class PosOrder(models.Model):
    _inherit = "pos.order"

    @api.model
    def _process_order(self, order, existing_order):
        order_id = super()._process_order(order, existing_order)
        self.browse(order_id)._check_customer_credit_at_sync()
        return order_id

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
