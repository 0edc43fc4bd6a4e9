from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.point_of_sale.tests.common import TestPoSCommon

from .common import demo_provider, pay_with_demo


@tagged("post_install", "-at_install")
class TestDepositAtTheTill(TestPoSCommon):
    """A phone order with a deposit paid online, collected in the shop or invoiced: the
    deposit is a down payment of the order, invoiced with its VAT when it is received, and
    deducted by the final invoice or by the order's down-payment line at the till."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.config = cls.basic_config
        cls.link_method = cls.env["pos.payment.method"].create(
            {"name": "Lien de paiement", "is_payment_link": True, "split_transactions": True}
        )
        cls.config.payment_method_ids = [Command.link(cls.link_method.id)]
        cls.config.down_payment_product_id = cls.env.ref("pos_sale.default_downpayment_product")
        cls.provider = demo_provider(cls.env, cls.company, cls.company_data["default_journal_bank"])
        cls.vat = cls.env["account.tax"].create(
            {
                "name": "TVA 20 %",
                "amount": 20.0,
                "amount_type": "percent",
                "type_tax_use": "sale",
                "company_id": cls.company.id,
            }
        )
        cls.customer = cls.env["res.partner"].create({"name": "Claire Petit", "email": "claire@example.com"})
        cls.product = cls.create_product("Veste sur mesure", cls.categ_basic, 100.0, tax_ids=cls.vat.ids)
        cls.product.invoice_policy = "order"
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "order_line": [Command.create({"product_id": cls.product.id, "product_uom_qty": 1})],
            }
        )

    def pay_deposit(self, amount):
        link = self.env["pos.payment.link"].create(
            {"purpose": "deposit", "partner_id": self.customer.id, "sale_order_id": self.order.id, "amount": amount}
        )
        pay_with_demo(self.env, link, self.provider)
        self.assertEqual(link.state, "paid")
        return link

    def receivable_lines(self):
        return self.env["account.move.line"].search(
            [
                ("partner_id", "=", self.customer.id),
                ("account_id.account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
            ]
        )

    def customer_balance(self):
        """The customer's balance on the receivable account, as the accountant reads it."""
        return sum(self.receivable_lines().mapped("balance"))

    def pickup_data(self, payments, is_invoiced=False):
        """The till's order settling the sale order: its line, and pos_sale's line deducting
        each down payment (quantity -1 of the down-payment line, with its taxes)."""
        data = self.create_ui_order_data(
            [
                {
                    "product": self.product,
                    "quantity": 1,
                    "sale_order_origin_id": self.order.id,
                    "sale_order_line_id": self.order.order_line.filtered(lambda line: not line.is_downpayment).id,
                }
            ],
            customer=self.customer,
            is_invoiced=is_invoiced,
            payments=payments,
        )
        for dp_line in self.order.order_line.filtered(lambda line: line.is_downpayment and not line.display_type):
            taxes = dp_line.tax_id.compute_all(dp_line.price_unit, self.currency, -1)
            data["lines"].append(
                Command.create(
                    {
                        "product_id": self.config.down_payment_product_id.id,
                        "qty": -1,
                        "price_unit": dp_line.price_unit,
                        "price_subtotal": taxes["total_excluded"],
                        "price_subtotal_incl": taxes["total_included"],
                        "tax_ids": [Command.set(dp_line.tax_id.ids)],
                        "sale_order_origin_id": self.order.id,
                        "sale_order_line_id": dp_line.id,
                        "pack_lot_ids": [],
                    }
                )
            )
        total = sum(line[2]["price_subtotal_incl"] for line in data["lines"])
        untaxed = sum(line[2]["price_subtotal"] for line in data["lines"])
        data.update(amount_total=total, amount_tax=total - untaxed)
        return data

    def sync(self, data):
        result = self.env["pos.order"].sync_from_ui([data])
        return self.env["pos.order"].browse(result["pos.order"][0]["id"])

    def test_a_deposit_is_a_down_payment_invoice_the_final_invoice_deducts(self):
        link = self.pay_deposit(60.0)
        self.assertEqual(self.order.state, "sale", "paying a deposit confirms the quotation")
        down_payment = link.invoice_id
        self.assertEqual(down_payment.state, "posted")
        self.assertEqual(down_payment.amount_total, 60.0)
        self.assertEqual(down_payment.amount_tax, 10.0, "VAT on an acompte is due when it is received")
        self.assertTrue(down_payment.invoice_line_ids.sale_line_ids.is_downpayment)
        self.assertIn(down_payment.payment_state, ("paid", "in_payment"))
        self.assertEqual(link.payment_id.reconciled_invoice_ids, down_payment)
        self.assertAlmostEqual(self.customer_balance(), 0.0)

        final = self.order._create_invoices(final=True)
        final.action_post()
        self.assertEqual(final.amount_total, 60.0, "120.00 less the 60.00 down payment")
        self.assertEqual(final.amount_tax, 10.0)
        deducted = final.invoice_line_ids.filtered(lambda line: line.sale_line_ids.is_downpayment)
        self.assertEqual(deducted.quantity, -1.0)
        self.assertEqual(deducted.price_subtotal, -50.0)
        self.env["account.payment.register"].with_context(active_model="account.move", active_ids=final.ids).create(
            {"journal_id": self.company_data["default_journal_bank"].id}
        )._create_payments()
        self.assertIn(final.payment_state, ("paid", "in_payment"))
        # the accountant's view: every receivable line of the customer reconciled, balance zero
        lines = self.receivable_lines()
        self.assertEqual(len(lines), 4, "two invoices, two payments")
        self.assertTrue(all(lines.mapped("reconciled")))
        self.assertAlmostEqual(self.customer_balance(), 0.0)
        taxes = self.env["account.move.line"].search(
            [("move_id", "in", (down_payment + final).ids), ("tax_line_id", "=", self.vat.id)]
        )
        self.assertAlmostEqual(-sum(taxes.mapped("balance")), 20.0, msg="VAT on the whole sale, once")

    def test_the_customer_pays_the_remainder_at_the_till(self):
        link = self.pay_deposit(60.0)
        self.open_new_session()
        pos_order = self.sync(self.pickup_data([(self.cash_pm1, 60.0)]))
        self.assertEqual(pos_order.state, "paid")
        self.assertEqual(pos_order.amount_total, 60.0)
        self.assertEqual(link.deposit_pos_order_id, pos_order)
        self.pos_session.action_pos_session_validate()
        self.assertEqual(self.pos_session.state, "closed")
        self.assertAlmostEqual(self.customer_balance(), 0.0)

    def test_an_invoiced_pickup_deducts_the_down_payment(self):
        link = self.pay_deposit(60.0)
        self.open_new_session()
        pos_order = self.sync(self.pickup_data([(self.cash_pm1, 60.0)], is_invoiced=True))
        self.pos_session.action_pos_session_validate()
        invoice = pos_order.account_move
        self.assertEqual(invoice.amount_total, 60.0)
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(link.deposit_pos_order_id, pos_order)
        self.assertAlmostEqual(self.customer_balance(), 0.0)
        self.assertTrue(all(self.receivable_lines().mapped("reconciled")))

    def test_two_tills_deducting_one_deposit(self):
        link = self.pay_deposit(60.0)
        self.open_new_session()
        # both tills loaded the sale order before either synced its pickup
        first_data = self.pickup_data([(self.cash_pm1, 60.0)])
        second_data = self.pickup_data([(self.cash_pm1, 60.0)])
        first, second = self.sync(first_data), self.sync(second_data)
        self.assertEqual(second.state, "paid", "a paid order is never refused")
        self.assertEqual(link.deposit_pos_order_id, first)
        self.assertIn(f"already deducted by {first.name}", second.message_ids[0].body)
        self.assertTrue(link.activity_ids.filtered(lambda act: second.name in (act.note or "")))

    def test_a_till_deducts_only_its_own_orders_deposits(self):
        link = self.pay_deposit(60.0)
        other_order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [Command.create({"product_id": self.product.id, "product_uom_qty": 1})],
            }
        )
        other_order.action_confirm()
        self.open_new_session()
        data = self.pickup_data([(self.cash_pm1, 60.0)])
        # the deduction line claims the deposit's down payment for another sale order
        for line in data["lines"]:
            line[2]["sale_order_origin_id"] = other_order.id
        pos_order = self.sync(data)
        self.assertEqual(pos_order.state, "paid")
        self.assertFalse(link.deposit_pos_order_id)

    def test_a_paid_order_is_never_refused_for_a_deposit_mismatch(self):
        self.pay_deposit(60.0)
        self.open_new_session()
        pos_order = self.sync(self.pickup_data([(self.link_method, 50.0), (self.cash_pm1, 10.0)]))
        self.assertEqual(pos_order.state, "paid")
        body = pos_order.message_ids[0].body
        self.assertIn("50.00 deducted as an online deposit", body)
        self.assertIn("0.00: check the customer", body)

    def test_open_links_never_ask_more_than_the_order(self):
        Link = self.env["pos.payment.link"]
        values = {"purpose": "deposit", "partner_id": self.customer.id, "sale_order_id": self.order.id}
        Link.create({**values, "amount": 70.0})
        with self.assertRaisesRegex(ValidationError, "cannot exceed what is left to pay"), self.env.cr.savepoint():
            Link.create({**values, "amount": 50.01})
        Link.create({**values, "amount": 50.0})
