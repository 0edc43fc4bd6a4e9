from datetime import datetime, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

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
        self.invoice(70.0, today - timedelta(days=60))
        self.invoice(999.0, today - timedelta(days=500))
        self.assertEqual(self.customer.customer_purchase_count, 4, "2 receipts and 2 invoices, refunds aside")
        self.assertAlmostEqual(self.customer.customer_amount_spent, 100 + 50 - 50 + 300 - 40 + 70)
        self.assertEqual(self.customer.customer_last_purchase, today)
        self.assertEqual(self.contact.customer_amount_spent, self.customer.customer_amount_spent)
        # the period is a setting: over one month, the invoice of 60 days ago no longer counts
        self.env.company.customer_statistics_months = 1
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.customer_purchase_count, 3)
        self.assertAlmostEqual(self.customer.customer_amount_spent, 100 + 50 - 50 + 300 - 40)

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


@tagged("post_install", "-at_install")
class TestCustomerCredit(TestPoSCommon):
    """What a customer owes and the credit left, from unpaid invoices and sales
    on account, and who may change the limits."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.config = cls.basic_config
        cls.customer = cls.env["res.partner"].create({"name": "Atelier Dubois", "is_company": True})
        cls.product = cls.create_product("Ressemelage", cls.categ_basic, 50.0, tax_ids=[])
        cls.cashier = new_test_user(
            cls.env, "credit_cashier", groups="base.group_user,base.group_partner_manager,point_of_sale.group_pos_user"
        )
        cls.pos_manager = new_test_user(
            cls.env,
            "credit_manager",
            groups="base.group_user,base.group_partner_manager,point_of_sale.group_pos_manager,account.group_account_invoice",
        )

    def test_owed_and_available(self):
        self.customer.with_user(self.pos_manager).write({"pos_credit_mode": "limited", "credit_limit": 1000.0})
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_line_ids": [
                    Command.create({"name": "Réparation", "quantity": 1, "price_unit": 300.0, "tax_ids": []})
                ],
            }
        )
        invoice.action_post()
        self.open_new_session()
        on_account = self.create_ui_order_data(
            [(self.product, 1)], customer=self.customer, payments=[(self.pay_later_pm, 50.0)]
        )
        self.env["pos.order"].sync_from_ui([on_account])
        paid = self.create_ui_order_data([(self.product, 2)], customer=self.customer)
        self.env["pos.order"].sync_from_ui([paid])
        customer = self.customer.with_user(self.cashier)
        self.assertEqual(customer.customer_credit_status, "limited")
        self.assertAlmostEqual(customer.customer_credit_open, 350.0, msg="the invoice and the sale on account")
        self.assertAlmostEqual(customer.customer_credit_available, 650.0)
        # the session closed, the sale on account is a receivable: counted once
        self.pos_session.action_pos_session_validate()
        customer.invalidate_recordset()
        self.assertAlmostEqual(customer.customer_credit_open, 350.0)
        self.env["account.payment.register"].with_context(active_model="account.move", active_ids=invoice.ids).create(
            {}
        )._create_payments()
        customer.invalidate_recordset()
        self.assertAlmostEqual(customer.customer_credit_available, 950.0)

    def test_a_limit_past_its_date_gives_no_credit(self):
        self.customer.write(
            {
                "pos_credit_mode": "limited",
                "credit_limit": 500.0,
                "pos_credit_valid_until": fields.Date.today() - timedelta(days=1),
            }
        )
        self.assertEqual(self.customer.customer_credit_status, "none")
        self.assertEqual(self.customer.customer_credit_available, 0.0)
        self.customer.pos_credit_mode = "unlimited"
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.customer_credit_status, "unlimited")

    def test_a_cashier_does_not_change_limits(self):
        # a cashier who edits customers' details
        self.customer.with_user(self.cashier).phone = "+33 4 78 00 00 00"
        with self.assertRaises(AccessError):
            self.customer.with_user(self.cashier).write({"pos_credit_mode": "unlimited"})
        with self.assertRaises(AccessError):
            self.customer.with_user(self.cashier).write({"credit_limit": 5000.0})
        self.assertEqual(self.customer.with_user(self.cashier).customer_credit_status, "none")
        self.customer.with_user(self.pos_manager).pos_credit_mode = "unlimited"
        self.assertEqual(self.customer.pos_credit_mode, "unlimited")
