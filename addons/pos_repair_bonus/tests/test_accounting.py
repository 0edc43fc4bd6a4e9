import uuid

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.point_of_sale.tests.common import TestPoSCommon
from odoo.addons.pos_repair_bonus.tests.refashion_emulator import RefashionEmulator

from .common import b64, jpeg_photo, refashion_account


@tagged("post_install", "-at_install")
class TestBonusAccounting(TestPoSCommon):
    """The bonus deducted at the till is owed by Refashion: a receivable on its
    partner, reconciled with its payment when the claim's status says paid."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.leather = ref("pos_repair_bonus.type_shoes_ressemelage_cuir")
        cls.config = cls.basic_config
        cls.refashion = refashion_account(cls.env, secret="test-token", pos_config_ids=[Command.link(cls.config.id)])
        cls.bonus_method = cls.refashion.payment_method_id
        cls.resole = cls.create_product("Ressemelage cuir", cls.categ_basic, 59.0)
        cls.resole.product_tmpl_id.write(
            {
                "refashion_eligible": True,
                "eco_bonus_family_id": ref("pos_repair_bonus.family_shoes").id,
                "eco_bonus_repair_type_ids": [Command.set(cls.leather.ids)],
            }
        )
        cls.photo = b64(jpeg_photo(320, 240, gps=False))
        cls.bank_journal = cls.company_data["default_journal_bank"]

    def setUp(self):
        super().setUp()
        self.server = RefashionEmulator(token="test-token").start()
        self.addCleanup(self.server.stop)
        self.refashion.test_url = self.server.url
        self.config = self.basic_config
        self.open_new_session()
        self.cash = self.config.payment_method_ids.filtered("is_cash_count")[:1]

    def sell(self, bonus=25.0, customer=False, invoiced=False):
        data = self.create_ui_order_data(
            [(self.resole, 1)],
            customer=customer,
            is_invoiced=invoiced,
            payments=[(self.cash, 59.0 - bonus), (self.bonus_method, bonus)],
        )
        line = data["lines"][0][2]
        line["uuid"] = str(uuid.uuid4())
        line["eco_bonus_repair_type_ids"] = [Command.set(self.leather.ids)]
        line["eco_bonus_photo_ids"] = [Command.create({"name": f"p{i}.jpg", "image": self.photo}) for i in range(2)]
        result = self.env["pos.order"].sync_from_ui([data])
        return self.env["pos.order"].browse(result["pos.order"][0]["id"])

    def close_session(self):
        cash = sum(
            self.pos_session.order_ids.payment_ids.filtered(lambda p: p.payment_method_id == self.cash).mapped("amount")
        )
        self.pos_session.post_closing_cash_details(cash)
        self.pos_session.close_session_from_ui()
        self.assertEqual(self.pos_session.state, "closed")

    def claim_of(self, order):
        self.env["pos.order"]._eco_bonus_create_pending_claims()
        claim = order.eco_bonus_claim_ids
        self.assertEqual(claim.state, "pending")
        return claim

    def refashion_pays(self, claim, amount):
        claim._send_one()
        self.assertEqual(claim.state, "sent")
        self.server.set_status(claim.external_id, "paid", paid_amount=amount)
        self.env["eco.bonus.claim"]._cron_poll_status()
        self.assertEqual(claim.state, "paid")

    def refashion_payments(self):
        return self.env["account.payment"].search([("partner_id", "=", self.refashion.partner_id.id)])

    def test_the_bonus_is_a_receivable_on_refashion_reconciled_when_it_pays(self):
        order = self.sell()
        self.close_session()
        receivable = order.payment_ids.eco_bonus_move_line_id
        self.assertEqual(receivable.move_id, self.pos_session.move_id)
        self.assertEqual(receivable.move_id.state, "posted")
        self.assertEqual(receivable.partner_id, self.refashion.partner_id)
        self.assertEqual(receivable.account_id.account_type, "asset_receivable")
        self.assertEqual(receivable.debit, 25.0)
        self.assertIn(order.name, receivable.name)

        claim = self.claim_of(order)
        self.assertEqual(claim.receivable_line_ids, receivable)
        self.assertEqual(claim.amount_due, 25.0)

        self.refashion_pays(claim, 25.0)
        payment = claim.payment_id
        self.assertEqual(payment.journal_id, self.bank_journal)
        self.assertEqual(payment.partner_id, self.refashion.partner_id)
        self.assertEqual(payment.amount, 25.0)
        self.assertIn(claim.name, payment.memo)
        self.assertTrue(receivable.reconciled)
        self.assertEqual(claim.amount_due, 0.0)

        # the status is read again: the payment is not registered twice
        self.env["eco.bonus.claim"]._cron_poll_status()
        claim._eco_settle()
        self.assertEqual(self.refashion_payments(), payment)

    def test_a_claim_paid_before_the_session_closes_is_settled_at_closing(self):
        order = self.sell()
        claim = self.claim_of(order)
        self.assertFalse(claim.receivable_line_ids)
        self.refashion_pays(claim, 25.0)
        self.assertFalse(claim.payment_id, "nothing to reconcile yet")
        self.close_session()
        self.assertEqual(claim.receivable_line_ids, order.payment_ids.eco_bonus_move_line_id)
        self.assertTrue(claim.payment_id)
        self.assertTrue(claim.receivable_line_ids.reconciled)

    def test_a_partial_payment_leaves_the_rest_owed(self):
        order = self.sell()
        self.close_session()
        claim = self.claim_of(order)
        self.refashion_pays(claim, 20.0)
        self.assertEqual(claim.payment_id.amount, 20.0)
        self.assertEqual(claim.amount_due, 5.0)
        self.assertFalse(claim.receivable_line_ids.reconciled)

    def test_the_customer_owes_only_what_they_did_not_pay(self):
        customer = self.env["res.partner"].create({"name": "Mme Lefèvre"})
        self.sell(customer=customer)
        self.sell()
        self.close_session()
        customer_lines = self.pos_session.move_id.line_ids.filtered(lambda line: line.partner_id == customer)
        self.assertFalse(customer_lines, "the bonus is no debt of the customer")
        refashion_lines = self.pos_session.move_id.line_ids.filtered(
            lambda line: line.partner_id == self.refashion.partner_id
        )
        self.assertEqual(refashion_lines.mapped("debit"), [25.0, 25.0])

    def test_an_invoiced_order_moves_the_bonus_from_the_invoice_to_refashion(self):
        customer = self.env["res.partner"].create({"name": "M. Garnier"})
        order = self.sell(customer=customer, invoiced=True)
        invoice = order.account_move
        self.assertEqual(invoice.amount_total, 59.0)
        self.assertEqual(invoice.amount_residual, 0.0, "the customer paid 34 €, Refashion owes 25 €")
        receivable = order.payment_ids.eco_bonus_move_line_id
        self.assertEqual(receivable.partner_id, self.refashion.partner_id)
        self.assertEqual(receivable.debit, 25.0)
        self.assertFalse(receivable.reconciled)
        self.close_session()
        claim = self.claim_of(order)
        self.assertEqual(claim.receivable_line_ids, receivable)
        self.refashion_pays(claim, 25.0)
        self.assertTrue(receivable.reconciled)

    def test_no_invoice_after_the_closing_for_a_bonus_order(self):
        customer = self.env["res.partner"].create({"name": "M. Garnier"})
        order = self.sell(customer=customer)
        self.close_session()
        with self.assertRaises(UserError) as caught:
            order.action_pos_order_invoice()
        self.assertIn("repair bonus", str(caught.exception))
        self.assertFalse(order.account_move)
        self.assertFalse(order.to_invoice)

    def refund_in_a_new_session(self, order, all_in_cash=False):
        """The order refunded from the back office in a new session: the wizard gives
        the customer back what they paid and the bonus back to Refashion; or, as a
        refund made elsewhere would, everything in cash."""
        self.open_new_session()
        refund = self.env["pos.order"].browse(order.refund()["res_id"])
        if all_in_cash:
            refund.add_payment(
                {
                    "pos_order_id": refund.id,
                    "amount": refund.amount_total,
                    "payment_method_id": self.cash.id,
                    "payment_date": "2026-01-01 10:00:00",
                }
            )
            refund.action_pos_order_paid()
            refund._eco_bonus_create_claim()
            return refund
        wizard = (
            self.env["pos.make.payment"]
            .with_context(active_ids=refund.ids, active_id=refund.id)
            .create({"payment_method_id": self.cash.id})
        )
        self.assertEqual(wizard.amount, -34.0, "the customer gets back what they paid, not the bonus")
        wizard.check()
        self.assertEqual(refund.state, "paid")
        return refund

    def test_a_refund_gives_the_bonus_back_to_refashion_not_to_the_customer(self):
        order = self.sell(customer=self.env["res.partner"].create({"name": "M. Garnier"}))
        self.close_session()
        claim = self.claim_of(order)
        claim._send_one()
        self.assertEqual(claim.state, "sent")
        refund = self.refund_in_a_new_session(order)
        by_method = {p.payment_method_id: p.amount for p in refund.payment_ids}
        self.assertEqual(by_method, {self.cash: -34.0, self.bonus_method: -25.0})
        self.assertTrue(claim.withdrawn)
        self.close_session()
        sold = order.payment_ids.eco_bonus_move_line_id
        given_back = refund.payment_ids.eco_bonus_move_line_id
        self.assertEqual((given_back.debit, given_back.credit), (0.0, 25.0))
        self.assertEqual(given_back.partner_id, self.refashion.partner_id)
        self.assertTrue(sold.reconciled and given_back.reconciled, "the refund's bonus is matched with the sale's")
        self.assertEqual(sold.full_reconcile_id, given_back.full_reconcile_id)
        self.assertEqual(claim.amount_due, 0.0)
        # no withdrawal entry on top of the refund's: Refashion's balance is zero
        refashion_lines = self.env["account.move.line"].search(
            [("partner_id", "=", self.refashion.partner_id.id), ("parent_state", "=", "posted")]
        )
        self.assertEqual(refashion_lines, sold | given_back)
        self.assertEqual(sum(refashion_lines.mapped("balance")), 0.0)

    def withdraw_a_sent_claim_of_a_closed_session(self, customer):
        order = self.sell(customer=customer)
        self.close_session()
        closing = self.pos_session.move_id
        before = [(line.id, line.account_id, line.partner_id, line.debit, line.credit) for line in closing.line_ids]
        others = closing.line_ids - order.payment_ids.eco_bonus_move_line_id
        residuals = others.mapped("amount_residual")
        claim = self.claim_of(order)
        claim._send_one()
        self.assertEqual(claim.state, "sent")
        self.refund_in_a_new_session(order, all_in_cash=True)
        self.assertTrue(claim.withdrawn)
        receivable = claim.receivable_line_ids
        self.assertEqual(receivable.move_id, closing)
        self.assertTrue(receivable.reconciled, "what Refashion owed for the claim is back to zero")
        self.assertEqual(receivable.amount_residual, 0.0)
        self.assertEqual(claim.amount_due, 0.0)
        # nothing else of the session's entry moved
        after = [(line.id, line.account_id, line.partner_id, line.debit, line.credit) for line in closing.line_ids]
        self.assertEqual(after, before)
        self.assertEqual(others.mapped("amount_residual"), residuals)
        self.assertEqual(closing.state, "posted")
        withdrawal = receivable.matched_credit_ids.credit_move_id.move_id
        self.assertEqual(len(withdrawal), 1)
        self.assertNotEqual(withdrawal, closing)
        self.assertEqual(withdrawal.state, "posted")
        self.assertEqual(withdrawal.journal_id, closing.journal_id)
        refashion_part = withdrawal.line_ids.filtered(lambda line: line.partner_id == self.refashion.partner_id)
        self.assertEqual((refashion_part.debit, refashion_part.credit), (0.0, 25.0))
        self.assertEqual(refashion_part.account_id, receivable.account_id)
        other_part = withdrawal.line_ids - refashion_part
        self.assertEqual((other_part.debit, other_part.credit), (25.0, 0.0))
        self.assertIn(claim.name, withdrawal.ref)
        return other_part

    def test_a_withdrawal_inside_the_closing_entry_puts_the_bonus_back_on_the_customer(self):
        customer = self.env["res.partner"].create({"name": "Mme Lefèvre"})
        customer_part = self.withdraw_a_sent_claim_of_a_closed_session(customer)
        self.assertEqual(customer_part.partner_id, customer)
        self.assertEqual(customer_part.account_id, customer.property_account_receivable_id)
        self.assertEqual(customer_part.amount_residual, 25.0, "the customer owes the withdrawn bonus")

    def test_a_withdrawal_of_an_anonymous_sale_reduces_the_repair_income(self):
        income_part = self.withdraw_a_sent_claim_of_a_closed_session(False)
        self.assertFalse(income_part.partner_id)
        self.assertEqual(income_part.account_id, self.resole.product_tmpl_id._get_product_accounts()["income"])
