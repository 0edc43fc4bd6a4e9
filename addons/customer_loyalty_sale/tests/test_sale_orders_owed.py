from odoo import Command
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestSaleOrdersOwed(TransactionCase):
    """A confirmed sale order is owed once: until invoiced, then as the invoice."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create(
            {"name": "Cordonnerie Martin", "is_company": True, "pos_credit_mode": "limited", "credit_limit": 100.0}
        )
        cls.contact = cls.env["res.partner"].create({"name": "Paul Martin", "parent_id": cls.customer.id})
        cls.product = cls.env["product.product"].create(
            {"name": "Réparation", "type": "service", "list_price": 40.0, "taxes_id": [Command.clear()]}
        )

    def order(self, partner, amount=40.0):
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [Command.create({"product_id": self.product.id, "price_unit": amount})],
            }
        )
        return order

    def credit(self):
        self.customer.invalidate_recordset()
        return self.customer.customer_credit_open, self.customer.customer_credit_available

    def test_a_quotation_owes_nothing_a_confirmed_order_owes_its_total(self):
        order = self.order(self.contact)
        self.assertEqual(self.credit(), (0.0, 100.0))
        order.action_confirm()
        self.assertEqual(self.credit(), (40.0, 60.0))

    def test_an_invoiced_order_is_owed_once_then_paid(self):
        order = self.order(self.customer)
        order.action_confirm()
        invoice = order._create_invoices()
        self.assertEqual(self.credit(), (40.0, 60.0))  # the draft invoice owes nothing yet
        invoice.action_post()
        self.assertEqual(self.credit(), (40.0, 60.0))  # the invoice, not the order as well
        self.env["account.payment.register"].with_context(active_model="account.move", active_ids=invoice.ids).create(
            {}
        )._create_payments()
        self.assertEqual(self.credit(), (0.0, 100.0))

    def test_a_paid_down_payment_is_owed_no_more(self):
        order = self.order(self.customer)
        order.action_confirm()
        wizard = (
            self.env["sale.advance.payment.inv"]
            .with_context(active_model="sale.order", active_ids=order.ids)
            .create({"advance_payment_method": "fixed", "fixed_amount": 10.0})
        )
        wizard.create_invoices()
        down_payment = order.invoice_ids
        self.assertEqual(self.credit(), (40.0, 60.0))  # a draft invoice changes nothing
        down_payment.action_post()
        self.assertEqual(self.credit(), (40.0, 60.0))  # 30.00 on the order, 10.00 receivable
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=down_payment.ids
        ).create({})._create_payments()
        self.assertEqual(self.credit(), (30.0, 70.0))
        final = order._create_invoices(final=True)
        final.action_post()
        self.assertEqual(final.amount_total, 30.0)
        self.assertEqual(self.credit(), (30.0, 70.0))  # the final invoice, the order no more

    def test_a_cancelled_order_owes_nothing(self):
        order = self.order(self.customer)
        order.action_confirm()
        order._action_cancel()
        self.assertEqual(self.credit(), (0.0, 100.0))
