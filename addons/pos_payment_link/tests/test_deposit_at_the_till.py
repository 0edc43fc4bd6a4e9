from odoo import Command
from odoo.tests import tagged

from odoo.addons.point_of_sale.tests.common import TestPoSCommon

from .common import pay_with_demo


@tagged("post_install", "-at_install")
class TestDepositAtTheTill(TestPoSCommon):
    """A phone order with a deposit paid online, collected in the shop: the customer pays
    the remainder, and the deposit (a customer advance) is cleared by the sale."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.config = cls.basic_config
        cls.link_method = cls.env["pos.payment.method"].create(
            {"name": "Lien de paiement", "is_payment_link": True, "split_transactions": True}
        )
        cls.config.payment_method_ids = [Command.link(cls.link_method.id)]
        cls.provider = (
            cls.env.ref("payment.payment_provider_demo")
            .sudo()
            .copy(
                {
                    "company_id": cls.company.id,
                    "state": "test",
                    "journal_id": cls.company_data["default_journal_bank"].id,
                }
            )
        )
        cls.customer = cls.env["res.partner"].create({"name": "Claire Petit", "email": "claire@example.com"})
        cls.product = cls.create_product("Veste sur mesure", cls.categ_basic, 100.0, tax_ids=[])
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "order_line": [Command.create({"product_id": cls.product.id, "product_uom_qty": 1, "tax_id": []})],
            }
        )

    def pay_deposit(self, amount):
        link = self.env["pos.payment.link"].create(
            {"purpose": "deposit", "partner_id": self.customer.id, "sale_order_id": self.order.id, "amount": amount}
        )
        pay_with_demo(self.env, link, self.provider)
        self.assertEqual(link.state, "paid")
        return link

    def pick_up(self, deducted, cash):
        line = self.order.order_line
        order_data = self.create_ui_order_data(
            [
                {
                    "product": self.product,
                    "quantity": 1,
                    "sale_order_origin_id": self.order.id,
                    "sale_order_line_id": line.id,
                }
            ],
            customer=self.customer,
            payments=[(self.link_method, deducted), (self.cash_pm1, cash)],
        )
        result = self.env["pos.order"].sync_from_ui([order_data])
        return self.env["pos.order"].browse(result["pos.order"][0]["id"])

    def customer_balance(self):
        lines = self.env["account.move.line"].search(
            [
                ("partner_id", "=", self.customer.id),
                ("account_id.account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
            ]
        )
        return sum(lines.mapped("amount_residual"))

    def test_the_customer_pays_the_remainder_only(self):
        link = self.pay_deposit(40.0)
        self.assertEqual(self.order.payment_link_remaining, 60.0)
        self.assertAlmostEqual(self.customer_balance(), -40.0, msg="the deposit is owed to the customer until the sale")
        self.open_new_session()
        pos_order = self.pick_up(40.0, 60.0)
        self.assertEqual(pos_order.state, "paid")
        self.assertEqual(link.deposit_pos_order_id, pos_order)
        self.assertEqual(
            sum(pos_order.payment_ids.filtered(lambda p: p.payment_method_id.is_cash_count).mapped("amount")), 60.0
        )
        self.pos_session.action_pos_session_validate()
        self.assertEqual(self.pos_session.state, "closed")
        self.assertTrue(
            link.payment_id.move_id.line_ids.filtered(
                lambda line: line.account_id.account_type == "asset_receivable"
            ).reconciled
        )
        self.assertAlmostEqual(self.customer_balance(), 0.0, msg="the sale cleared the advance")

    def test_an_invoiced_pickup_is_paid_by_the_deposit(self):
        link = self.pay_deposit(40.0)
        self.open_new_session()
        order_data = self.create_ui_order_data(
            [
                {
                    "product": self.product,
                    "quantity": 1,
                    "sale_order_origin_id": self.order.id,
                    "sale_order_line_id": self.order.order_line.id,
                }
            ],
            customer=self.customer,
            is_invoiced=True,
            payments=[(self.link_method, 40.0), (self.cash_pm1, 60.0)],
        )
        result = self.env["pos.order"].sync_from_ui([order_data])
        pos_order = self.env["pos.order"].browse(result["pos.order"][0]["id"])
        self.pos_session.action_pos_session_validate()
        self.assertEqual(pos_order.account_move.payment_state, "paid")
        self.assertEqual(link.deposit_pos_order_id, pos_order)
        self.assertAlmostEqual(self.customer_balance(), 0.0)

    def test_a_paid_order_is_never_refused_for_a_deposit_mismatch(self):
        self.pay_deposit(40.0)
        self.open_new_session()
        pos_order = self.pick_up(50.0, 50.0)
        self.assertEqual(pos_order.state, "paid")
        body = pos_order.message_ids[0].body
        self.assertIn("50.00 deducted as an online deposit", body)
        self.assertIn("40.00: check the customer", body)
