from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import PaymentLinkCase


@tagged("post_install", "-at_install")
class TestOnlyMoneyPaysALink(PaymentLinkCase):
    """What a customer holding a link, or anyone who got hold of it, can try on its routes:
    only a real payment of the link's amount, through a provider its page offers, pays it."""

    def wallet_link(self, amount=30.0):
        link = self.make_link(purpose="wallet", amount=amount)
        self.assertIn("o_payment_form", self.open_link(link).text)
        return link

    def forged_transaction(self, link, provider=None, **values):
        """A transaction on the link made by another way than its page (another route, a
        stale page, a provider's replay), that the demo provider then confirms."""
        provider = provider or self.provider
        tx = self.env["payment.transaction"].create(
            {
                "provider_id": provider.id,
                "payment_method_id": provider.payment_method_ids[:1].id,
                "reference": f"{link.name}-forged-{provider.id}-{len(link.transaction_ids)}",
                "amount": link.amount,
                "currency_id": link.currency_id.id,
                "partner_id": link.partner_id.id,
                "operation": "online_direct",
                "payment_link_id": link.id,
                **values,
            }
        )
        tx = self.provider_notifies(tx.reference)
        tx._post_process()
        self.env.invalidate_all()
        return tx

    def wallet_points(self):
        cards = self.env["loyalty.card"].search([("partner_id", "=", self.customer.id)])
        return sum(cards.mapped("points"))

    def assert_nothing_credited(self, link, tx):
        self.assertIn(link.state, ("draft", "sent", "cancel", "expired"))
        self.assertFalse(link.payment_id)
        self.assertFalse(link.loyalty_card_id)
        self.assertEqual(self.wallet_points(), 0.0)
        self.assertEqual(tx.payment_link_outcome, "refund")
        self.assertTrue(tx.payment_link_refund_reason)
        activity = link.activity_ids.filtered(lambda act: tx.reference in (act.note or ""))
        self.assertEqual(len(activity), 1, "the manager is asked to deal with the money")
        self.assertTrue(activity.user_id.has_group("point_of_sale.group_pos_manager"))

    # --- validations ------------------------------------------------------------------

    def test_a_card_check_is_refused_by_the_page(self):
        link = self.wallet_link()
        with mute_logger("odoo.http"):
            error = self.json_error(
                f"/payment-link/{link.id}/transaction", self.transaction_params(link, is_validation=True)
            )
        self.assertEqual(error, "A payment link is paid, not used to check a card.")
        self.assertFalse(link.transaction_ids)

    def test_a_validation_transaction_made_done_pays_nothing(self):
        link = self.wallet_link()
        tx = self.forged_transaction(link, operation="validation", amount=0.0)
        self.assertEqual(tx.state, "done")
        self.assert_nothing_credited(link, tx)
        # even for the link's amount: a card check takes no money
        tx = self.forged_transaction(link, operation="validation")
        self.assert_nothing_credited(link, tx)
        self.assertFalse(self.env["account.payment"].search([("partner_id", "=", self.customer.id)]))

    # --- providers --------------------------------------------------------------------

    def test_providers_the_page_does_not_offer_pay_nothing(self):
        unpublished = self.provider.copy({"name": "Demo hidden", "state": "test", "is_published": False})
        unpublished.journal_id = self.provider.journal_id
        elsewhere = self.env["res.company"].create({"name": "Autre boutique", "currency_id": self.currency.id})
        foreign = self.provider.copy(
            {"name": "Demo elsewhere", "state": "test", "is_published": True, "company_id": elsewhere.id}
        )
        disabled = self.provider.copy({"name": "Demo off", "state": "disabled", "is_published": True})
        link = self.wallet_link()
        page = self.open_link(link).text
        for provider in (unpublished, foreign, disabled):
            with self.subTest(provider=provider.name):
                self.assertNotIn(f'data-provider-id="{provider.id}"', page)
                self.assertIn(f'data-provider-id="{self.provider.id}"', page)
                with mute_logger("odoo.http"):
                    error = self.json_error(
                        f"/payment-link/{link.id}/transaction",
                        self.transaction_params(
                            link, provider_id=provider.id, payment_method_id=provider.payment_method_ids[:1].id
                        ),
                    )
                self.assertEqual(error, "This payment provider is not offered for this link.")
        self.assertFalse(link.transaction_ids)
        # a payment method the provider does not offer, with a real provider, neither
        with mute_logger("odoo.http"):
            error = self.json_error(
                f"/payment-link/{link.id}/transaction", self.transaction_params(link, payment_method_id=999999)
            )
        self.assertEqual(error, "This payment provider is not offered for this link.")
        tx = self.forged_transaction(link, unpublished)
        self.assertEqual(tx.state, "done")
        self.assert_nothing_credited(link, tx)
        # the other company's provider has no journal here: its notification is judged alike
        foreign_tx = self.env["payment.transaction"].create(
            {
                "provider_id": foreign.id,
                "payment_method_id": foreign.payment_method_ids[:1].id,
                "reference": f"{link.name}-foreign",
                "amount": link.amount,
                "currency_id": link.currency_id.id,
                "partner_id": link.partner_id.id,
                "state": "done",
                "payment_link_id": link.id,
            }
        )
        self.assertEqual(
            link._payment_refusal_reason(foreign_tx),
            "The payment went through a provider the link's page does not offer.",
        )

    # --- amounts and currencies ----------------------------------------------------

    def test_another_amount_or_currency_pays_nothing_and_is_refunded(self):
        link = self.wallet_link(30.0)
        other_currency = self.env.ref("base.USD" if self.currency.name != "USD" else "base.EUR")
        other_currency.active = True
        for values in ({"amount": 0.01}, {"amount": 300.0}, {"currency_id": other_currency.id}):
            with self.subTest(values=values):
                tx = self.forged_transaction(link, **values)
                self.assert_nothing_credited(link, tx)
                # the demo provider refunds: the money goes back through it
                refund = tx.child_transaction_ids.filtered(lambda child: child.operation == "refund")
                self.assertEqual(refund.state, "done")
                self.assertEqual(refund.amount, -tx.amount)
        # the browser's amount is never used: the page's payment is the link's amount
        tx = self.provider_notifies(self.start_payment(link, amount=0.01))
        self.assertEqual(tx.amount, 30.0)
        self.assertEqual(tx.payment_link_outcome, "credited")
        self.assertEqual(link.state, "paid")
        self.assertEqual(self.wallet_points(), 30.0)

    # --- cancelled, expired, paid twice --------------------------------------------

    def test_a_payment_on_a_cancelled_link_is_refunded(self):
        link = self.wallet_link()
        reference = self.start_payment(link)
        link.with_user(self.cashier).action_cancel()
        tx = self.provider_notifies(reference)
        self.assertEqual(tx.state, "done")
        self.assertEqual(link.state, "cancel", "the link stays as it is")
        self.assert_nothing_credited(link, tx)
        self.assertTrue(tx.payment_id, "the money received is booked")
        refund = tx.child_transaction_ids.filtered(lambda child: child.operation == "refund")
        self.assertEqual(refund.state, "done")
        self.assertEqual(refund.amount, -30.0)

    def test_a_payment_on_an_expired_link_is_refunded(self):
        link = self.wallet_link()
        reference = self.start_payment(link)
        link.expiry_date = fields.Datetime.now() - timedelta(minutes=1)
        tx = self.provider_notifies(reference)
        self.assertEqual(link.state, "draft", "the link stays as it is")
        self.assert_nothing_credited(link, tx)
        self.assertEqual(
            tx.payment_link_refund_reason, "The link was cancelled or had expired when the payment arrived."
        )
        self.assertEqual(tx.child_transaction_ids.state, "done")

    def test_a_second_transaction_on_a_link_is_refunded(self):
        link = self.wallet_link()
        first, second = self.start_payment(link), self.start_payment(link)
        # the status page polls the last payment started: the first is post-processed by the cron
        first_tx = self.provider_notifies(first)
        first_tx._post_process()
        second_tx = self.provider_notifies(second)
        self.assertEqual((first_tx.payment_link_outcome, second_tx.payment_link_outcome), ("credited", "refund"))
        self.assertEqual(link.state, "paid")
        self.assertEqual(link.payment_id, first_tx.payment_id)
        self.assertEqual(self.wallet_points(), 30.0)
        self.assertEqual(second_tx.payment_link_refund_reason, "The link was already paid by another transaction.")
        self.assertEqual(second_tx.child_transaction_ids.state, "done")

    # --- saved cards ------------------------------------------------------------------

    def test_the_customers_saved_card_is_theirs_alone(self):
        method = self.provider.payment_method_ids[:1]
        token = self.env["payment.token"].create(
            {
                "provider_id": self.provider.id,
                "payment_method_id": method.id,
                "partner_id": self.customer.id,
                "payment_details": "4242",
                "provider_ref": "demo-token",
                "demo_simulated_state": "done",
            }
        )
        link = self.wallet_link()
        token_params = {"flow": "token", "token_id": token.id, "provider_id": self.provider.id}
        # whoever holds the link: no saved card shown, none charged
        self.assertNotIn(f'id="o_payment_token_{token.id}"', self.open_link(link).text)
        with mute_logger("odoo.http"):
            error = self.json_error(
                f"/payment-link/{link.id}/transaction", self.transaction_params(link, **token_params)
            )
        self.assertEqual(error, "This saved payment method cannot pay this link.")
        # another customer logged in to the portal: neither
        new_test_user(self.env, "pl_other_portal", groups="base.group_portal")
        self.authenticate("pl_other_portal", "pl_other_portal")
        self.assertNotIn(f'id="o_payment_token_{token.id}"', self.open_link(link).text)
        with mute_logger("odoo.http"):
            error = self.json_error(
                f"/payment-link/{link.id}/transaction", self.transaction_params(link, **token_params)
            )
        self.assertEqual(error, "This saved payment method cannot pay this link.")
        self.assertFalse(link.transaction_ids)
        # the customer, logged in: their card is offered and pays
        new_test_user(self.env, "pl_claire", groups="base.group_portal", partner_id=self.customer.id)
        self.authenticate("pl_claire", "pl_claire")
        self.assertIn(f'id="o_payment_token_{token.id}"', self.open_link(link).text)
        reference = self.start_payment(link, **token_params)
        self.make_jsonrpc_request("/payment/status/poll", {})
        self.env.invalidate_all()
        tx = self.env["payment.transaction"].search([("reference", "=", reference)])
        self.assertEqual(tx.token_id, token)
        self.assertEqual(link.state, "paid")
        self.assertEqual(self.wallet_points(), 30.0)


@tagged("post_install", "-at_install")
class TestLinksChangeOnlyThroughTheirActions(PaymentLinkCase):
    def test_a_cashier_cannot_rewrite_a_link(self):
        link = self.make_link(amount=40.0)
        paid = self.make_link(purpose="wallet", amount=20.0)
        self.pay(paid)
        other_order = self.env["sale.order"].create(
            {"partner_id": self.customer.id, "order_line": [Command.create({"product_id": self.product.id})]}
        )
        other_customer = self.env["res.partner"].create({"name": "Autre client"})
        attempts = [
            (link, {"state": "paid"}),
            (link, {"amount": 1.0}),
            (link, {"sale_order_id": other_order.id}),
            (link, {"partner_id": other_customer.id}),
            (link, {"access_token": "known"}),
            (link, {"move_line_ids": [Command.set([])]}),
            (paid, {"state": "sent"}),
            (paid, {"loyalty_card_id": False}),
            (paid, {"payment_id": False}),
        ]
        for user in (self.cashier, self.seller):
            for record, values in attempts:
                with self.subTest(user=user.login, values=values), self.assertRaises(AccessError):
                    record.with_user(user).write(values)
        # through the order's lines of links too
        with self.assertRaises(AccessError):
            self.order.with_user(self.seller).write({"payment_link_ids": [Command.update(link.id, {"amount": 1.0})]})
        # nor created already paid
        with self.assertRaises(AccessError):
            self.make_link(amount=10.0, state="paid")
        self.env.invalidate_all()
        self.assertEqual((link.state, link.amount, link.sale_order_id), ("draft", 40.0, self.order))
        self.assertEqual(link.partner_id, self.customer)
        self.assertEqual((paid.state, paid.loyalty_card_id.points), ("paid", 20.0))
        self.assertTrue(paid.payment_id)

    def test_a_manager_cancels_but_does_not_rewrite(self):
        link = self.make_link(purpose="wallet", amount=20.0)
        self.pay(link)
        with self.assertRaises(AccessError):
            link.with_user(self.manager).write({"amount": 5.0})
        with self.assertRaises(AccessError):
            link.with_user(self.cashier).write({"state": "cancel"})
        self.assertEqual(link.state, "paid")
        link.with_user(self.manager).write({"state": "cancel"})
        self.assertEqual(link.state, "cancel")
        self.assertEqual(link.loyalty_card_id.points, 0.0, "cancelled through the link's own rules")
