from datetime import datetime, timedelta

from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.point_of_sale.tests.common import TestPoSCommon


@tagged("post_install", "-at_install")
class TestCustomerStatistics(TestPoSCommon):
    """Last purchase, purchases and amount spent over 12 months, across till
    receipts (refunds deducted) and invoices, each counted once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.config = cls.basic_config
        cls.customer = cls.env["res.partner"].create({"name": "Claire Petit", "is_company": True})
        cls.contact = cls.env["res.partner"].create({"name": "Paul Petit", "parent_id": cls.customer.id})
        cls.product = cls.create_product("Ressemelage", cls.categ_basic, 50.0, tax_ids=[])

    def sell(self, partner, quantity=1, date=None, refund_of=None):
        order_data = self.create_ui_order_data([(self.product, quantity)], customer=partner)
        result = self.env["pos.order"].sync_from_ui([order_data])
        order = self.env["pos.order"].browse(result["pos.order"][0]["id"])
        if date:
            order.date_order = date
        return order

    def invoice(self, amount, date, move_type="out_invoice"):
        move = self.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": self.customer.id,
                "invoice_date": date,
                "invoice_line_ids": [
                    Command.create({"name": "Réparation", "quantity": 1, "price_unit": amount, "tax_ids": []})
                ],
            }
        )
        move.action_post()
        return move

    def test_receipts_refunds_and_invoices(self):
        self.open_new_session()
        today = fields.Date.today()
        self.sell(self.customer, 2)  # 100
        self.sell(self.contact, 1)  # 50, a contact of the same customer
        self.sell(self.customer, -1)  # a refund: -50
        self.sell(self.customer, 1, date=datetime.now() - timedelta(days=400))  # too old to count
        self.invoice(300.0, today - timedelta(days=10))
        self.invoice(40.0, today - timedelta(days=5), "out_refund")
        self.invoice(999.0, today - timedelta(days=500))
        self.assertEqual(self.customer.customer_purchase_count, 3, "2 receipts and 1 invoice, refunds aside")
        self.assertAlmostEqual(self.customer.customer_amount_spent, 100 + 50 - 50 + 300 - 40)
        self.assertEqual(self.customer.customer_last_purchase, today)
        self.assertEqual(self.contact.customer_amount_spent, self.customer.customer_amount_spent)

    def test_an_invoiced_receipt_counts_once(self):
        self.open_new_session()
        order = self.sell(self.customer, 2)
        order.action_pos_order_invoice()
        self.assertTrue(order.account_move)
        self.assertEqual(self.customer.customer_purchase_count, 1)
        self.assertAlmostEqual(self.customer.customer_amount_spent, 100.0)

    def test_statistics_take_the_same_queries_whatever_the_history(self):
        self.open_new_session()
        self.sell(self.customer, 1)
        self.env.invalidate_all()
        # the partners and companies read, then one aggregate for the till and one for the invoices
        with self.assertQueryCount(5):
            self.customer._customer_statistics()
        for _i in range(5):
            self.sell(self.customer, 1)
        self.invoice(10.0, fields.Date.today())
        self.env.invalidate_all()
        with self.assertQueryCount(5):
            self.assertEqual(self.customer._customer_statistics()[self.customer.id][1], 7)
