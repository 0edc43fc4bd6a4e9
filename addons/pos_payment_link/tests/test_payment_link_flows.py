import json
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.sms.tests.common import SMSCase

from .common import PaymentLinkCase


@tagged("post_install", "-at_install")
class TestPaymentLinkFlows(PaymentLinkCase, SMSCase):
    """The three flows of the manual, from the link sent to the money accounted."""

    def test_deposit_on_a_phone_order(self):
        till = self.env["pos.config"].create({"name": "Comptoir"})
        link = self.make_link(amount=50.0)
        link.pos_config_id = till
        self.assertEqual(self.order.payment_link_deposit_state, "requested")
        tx = self.pay(link)
        self.assertEqual(link.state, "paid")
        self.assertEqual(tx.state, "done")
        self.assertEqual(tx.reference[: len(link.name)], link.name)
        self.assertEqual(self.order.payment_link_deposit_state, "received")
        self.assertEqual(self.order.payment_link_deposit_amount, 50.0)
        self.assertEqual(self.order.payment_link_remaining, 110.0)
        # the deposit is the order's down payment: invoiced, and paid by the online payment
        payment = link.payment_id
        self.assertEqual(payment.state, "paid")
        self.assertEqual(payment.reconciled_invoice_ids, link.invoice_id)
        self.assertEqual(link.invoice_id.amount_total, 50.0)
        self.assertEqual(payment.amount, 50.0)
        self.assertEqual(payment.partner_id, self.customer)
        self.assertEqual(payment.destination_account_id, self.customer.property_account_receivable_id)
        self.assertTrue(self.order.message_ids.filtered(lambda message: "Deposit of" in message.body))
        # the till that sent the link hears of the payment on its bus channel: the id, nothing personal
        notification = self.env["bus.bus"].search([("channel", "like", till.access_token)], order="id desc", limit=1)
        self.assertEqual(
            json.loads(notification.message),
            {"type": f"{till.access_token}-PAYMENT_LINK_PAID", "payload": {"id": link.id, "state": "paid"}},
        )
        # the customer opening the link again sees it paid, no payment form
        page = self.open_link(link)
        self.assertIn("This link was paid", self.page_text(page))
        self.assertNotIn("o_payment_form", page.text)

    def test_wallet_top_up(self):
        link = self.make_link(purpose="wallet", amount=30.0)
        self.pay(link)
        self.assertEqual(link.state, "paid")
        card = link.loyalty_card_id
        self.assertEqual(card.partner_id, self.customer)
        self.assertEqual(card.program_id, self.wallet)
        self.assertEqual(card.points, 30.0)
        history = self.env["loyalty.history"].search([("card_id", "=", card.id)])
        self.assertEqual(history.mapped("issued"), [30.0])
        self.assertIn(link.name, history.description)
        # accounted as the sale of the top-up product, invoiced and paid
        invoice = link.payment_id.reconciled_invoice_ids
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(invoice.amount_total, 30.0)
        self.assertEqual(invoice.invoice_line_ids.product_id, self.wallet.trigger_product_ids)
        # a second top-up adds to the same wallet
        self.pay(self.make_link(purpose="wallet", amount=20.0))
        self.assertEqual(card.points, 50.0)

    def test_settlement_reconciles_exactly_the_selected_items(self):
        first, second, left_open = self.invoice(100.0), self.invoice(45.5), self.invoice(12.0)
        lines = (first + second).line_ids.filtered(lambda line: line.account_id.account_type == "asset_receivable")
        link = self.make_link(**self.env["pos.payment.link"]._settlement_values(lines))
        self.assertEqual(link.amount, 145.5)
        self.pay(link)
        self.assertEqual(link.state, "paid")
        self.assertEqual(first.payment_state, "paid")
        self.assertEqual(second.payment_state, "paid")
        self.assertEqual(left_open.payment_state, "not_paid")
        self.assertEqual(link.payment_id.amount, 145.5)
        self.assertTrue(link.payment_id.is_reconciled)

    def test_a_replayed_notification_counts_once(self):
        link = self.make_link(purpose="wallet", amount=25.0)
        tx = self.pay(link, notifications=3)
        # what a second run of the post-processing (cron, poll) would do changes nothing either
        tx._post_process()
        tx._post_process()
        self.assertEqual(link.loyalty_card_id.points, 25.0)
        self.assertEqual(self.env["account.payment"].search_count([("payment_transaction_id", "=", tx.id)]), 1)
        self.assertEqual(self.env["loyalty.history"].search_count([("card_id", "=", link.loyalty_card_id.id)]), 1)
        self.assertEqual(
            self.env["account.move"].search_count(
                [("invoice_origin", "=", link.name), ("move_type", "=", "out_invoice")]
            ),
            1,
        )

    def test_expired_and_cancelled_links_take_no_money(self):
        expired = self.make_link(amount=10.0)
        expired.sudo().expiry_date = fields.Datetime.now() - timedelta(minutes=1)
        page = self.open_link(expired)
        self.assertIn("This link has expired", self.page_text(page))
        self.assertNotIn("o_payment_form", page.text)
        self.assertEqual(expired.state, "expired")

        cancelled = self.make_link(amount=10.0)
        page = self.open_link(cancelled)
        self.assertIn("o_payment_form", page.text)
        cancelled.with_user(self.cashier).action_cancel()
        self.assertIn("This link was cancelled", self.page_text(self.open_link(cancelled)))
        # a payment started on the page before the cancellation is refused
        form_token = page.text.split('data-access-token="')[1].split('"')[0]
        with mute_logger("odoo.http"):
            error = self.json_error(
                f"/payment-link/{cancelled.id}/transaction",
                {
                    "provider_id": self.provider.id,
                    "payment_method_id": self.provider.payment_method_ids[:1].id,
                    "token_id": None,
                    "amount": 10.0,
                    "flow": "direct",
                    "tokenization_requested": False,
                    "landing_route": "/",
                    "is_validation": False,
                    "access_token": form_token,
                },
            )
        self.assertEqual(error, "This payment link can no longer be paid.")
        self.assertFalse(cancelled.transaction_ids)
        self.assertEqual(self.order.payment_link_deposit_amount, 0.0)

    def test_a_wrong_token_gets_nothing(self):
        link = self.make_link(amount=10.0)
        for token in ("", "x" * 43, link.sudo().access_token[:-1]):
            response = self.open_link(link, token)
            self.assertEqual(response.status_code, 404)
            self.assertNotIn("Claire", response.text)
        self.assertEqual(self.url_open("/payment-link/999999?access_token=x").status_code, 404)
        # the page of a valid link tells what it pays, not who the customer is
        text = self.page_text(self.open_link(link))
        self.assertIn(f"Deposit on order {self.order.name}", text)
        self.assertNotIn("Claire", text)
        self.assertNotIn("claire.petit@example.com", text)

    # --- bad input -------------------------------------------------------------------

    def test_amounts_out_of_bounds_are_refused(self):
        for amount in (0.0, -5.0):
            with self.assertRaises(ValidationError):
                self.make_link(amount=amount)
        with self.assertRaisesRegex(ValidationError, "cannot exceed what is left to pay"), self.env.cr.savepoint():
            self.make_link(amount=160.01)
        self.pay(self.make_link(amount=100.0))
        with self.assertRaisesRegex(ValidationError, "cannot exceed what is left to pay"), self.env.cr.savepoint():
            self.make_link(amount=60.01)
        self.make_link(amount=60.0)
        invoice = self.invoice(30.0)
        line = invoice.line_ids.filtered(lambda aml: aml.account_id.account_type == "asset_receivable")
        with self.assertRaisesRegex(ValidationError, "exactly what the selected items leave to pay"):
            self.make_link(purpose="settlement", amount=40.0, move_line_ids=[(6, 0, line.ids)])
        someone_else = self.invoice(30.0, self.env["res.partner"].create({"name": "Autre"}))
        other_line = someone_else.line_ids.filtered(lambda aml: aml.account_id.account_type == "asset_receivable")
        with self.assertRaisesRegex(ValidationError, "own open items"):
            self.make_link(purpose="settlement", amount=30.0, move_line_ids=[(6, 0, other_line.ids)])

    def wizard(self, **values):
        context = {"default_purpose": "deposit", "default_sale_order_id": self.order.id}
        context.update({f"default_{key}": value for key, value in values.items()})
        return Form(self.env["pos.payment.link.wizard"].with_user(self.seller).with_context(**context))

    def test_send_by_email_from_the_order(self):
        form = self.wizard()
        self.assertEqual(form.partner_id, self.customer)
        self.assertEqual(form.amount, 160.0, "the whole order by default")
        self.assertEqual(form.email, "claire.petit@example.com")
        form.amount = 40.0
        form.email = "claire@atelier-petit.fr"
        form.save().action_send()
        link = self.order.payment_link_ids
        self.assertEqual((link.state, link.channel, link.email), ("sent", "email", "claire@atelier-petit.fr"))
        mail = self.env["mail.mail"].search([("model", "=", link._name), ("res_id", "=", link.id)])
        self.assertEqual(mail.email_to, "claire@atelier-petit.fr")
        self.assertIn(link.url, mail.body_html)
        self.assertIn("40.00", mail.body_html)

    def test_send_by_text_message(self):
        form = self.wizard(channel="sms")
        self.assertEqual(form.phone, "06 12 34 56 78")
        with self.mockSMSGateway():
            form.save().action_send()
        link = self.order.payment_link_ids
        self.assertEqual(link.phone, "+33612345678")
        self.assertSMSIapSent(["+33612345678"], content=link.url)
        self.assertEqual((link.state, link.channel), ("sent", "sms"))

    def test_bad_addresses_send_and_write_nothing(self):
        cases = [
            ({"channel": "email", "email": "claire.petit@"}, "not a valid e-mail address"),
            ({"channel": "email", "email": False}, "The customer has no e-mail"),
            ({"channel": "sms", "phone": "06 12 34"}, "not a valid phone number"),
            ({"channel": "sms", "phone": "01 42 68 53 00"}, "not a mobile number"),
        ]
        for values, message in cases:
            with self.subTest(values=values), self.mockSMSGateway():
                wizard = self.wizard(**values).save()
                with self.assertRaisesRegex(UserError, message), self.env.cr.savepoint():
                    wizard.action_send()
                self.assertFalse(self._new_sms)
        self.assertFalse(self.env["pos.payment.link"].search([("partner_id", "=", self.customer.id)]))
        self.assertFalse(self.env["mail.mail"].search([("model", "=", "pos.payment.link")]))

    # --- access ----------------------------------------------------------------------

    def test_only_a_manager_cancels_a_paid_link(self):
        link = self.make_link(purpose="wallet", amount=15.0)
        self.pay(link)
        with self.assertRaises(AccessError):
            link.with_user(self.cashier).action_cancel()
        self.assertEqual(link.state, "paid")
        link.with_user(self.manager).action_cancel()
        self.assertEqual(link.state, "cancel")
        self.assertEqual(link.loyalty_card_id.points, 0.0)
        self.assertEqual(link.payment_id.state, "canceled")

    def test_a_cashier_sees_only_their_companys_links(self):
        other_company = self.env["res.company"].create({"name": "Autre boutique"})
        other_wallet = self.ewallet(other_company)
        self.env["pos.payment.link"].create(
            {
                "purpose": "wallet",
                "partner_id": self.customer.id,
                "loyalty_program_id": other_wallet.id,
                "amount": 5.0,
                "company_id": other_company.id,
            }
        )
        mine = self.make_link(amount=10.0)
        visible = self.env["pos.payment.link"].with_user(self.cashier).search([("partner_id", "=", self.customer.id)])
        self.assertEqual(visible, mine)
        outsider = new_test_user(self.env, "pl_outsider", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.env["pos.payment.link"].with_user(outsider).search([])

    def test_a_link_is_sent_again_unchanged(self):
        self.wizard().save().action_send()
        link = self.order.payment_link_ids
        url = link.url
        resend = Form(self.env["pos.payment.link.wizard"].with_user(self.seller).with_context(default_link_id=link.id))
        self.assertEqual(resend.amount, 160.0)
        resend.save().action_send()
        self.assertEqual(link.url, url, "the customer's first message still works")
        mails = self.env["mail.mail"].search([("model", "=", link._name), ("res_id", "=", link.id)])
        self.assertEqual(len(mails), 2)

    def test_expired_links_are_marked_by_the_scheduled_job(self):
        old, fresh = self.make_link(amount=10.0), self.make_link(amount=10.0)
        old.expiry_date = fields.Datetime.now() - timedelta(hours=1)
        self.env.ref("pos_payment_link.ir_cron_expire_payment_links").method_direct_trigger()
        self.assertEqual((old.state, fresh.state), ("expired", "draft"))
        with self.assertRaisesRegex(UserError, "has expired"):
            old._send("email", "claire.petit@example.com")

    def test_settling_from_the_customer_proposes_the_open_items(self):
        first, second = self.invoice(100.0), self.invoice(20.0)
        self.invoice(5.0, self.env["res.partner"].create({"name": "Autre"}))
        action = self.customer.with_user(self.seller).action_payment_link_settlement()
        form = Form(self.env["pos.payment.link.wizard"].with_user(self.seller).with_context(**action["context"]))
        self.assertEqual(
            form.move_line_ids.ids,
            (first + second)
            .line_ids.filtered("debit")
            .filtered(lambda line: line.account_id.account_type == "asset_receivable")
            .ids,
        )
        self.assertEqual(form.amount, 120.0)
        form.save().action_send()
        link = self.customer.payment_link_ids
        self.assertEqual((link.purpose, link.amount, link.state), ("settlement", 120.0, "sent"))

    def test_nothing_to_settle_is_said(self):
        with self.assertRaisesRegex(UserError, "nothing left to pay"):
            self.customer.with_user(self.seller).action_payment_link_settlement()

    def test_the_accountant_reads_links_but_does_not_make_them(self):
        accountant = new_test_user(self.env, "pl_accountant", groups="base.group_user,account.group_account_invoice")
        link = self.make_link(amount=10.0)
        self.assertEqual(link.with_user(accountant).amount, 10.0)
        with self.assertRaises(AccessError):
            self.make_link(user=accountant, amount=5.0)
