import threading

from odoo import SUPERUSER_ID, Command, api
from odoo.tests import tagged

from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon
from odoo.addons.sms.tests.common import SMSCase

from .common import demo_provider, pay_with_demo


@tagged("post_install", "-at_install")
class TestPaymentLinkTours(TestPointOfSaleHttpCommon, SMSCase):
    """The three dialogs of the till in headless Chromium; the customer pays on their
    phone meanwhile (a thread paying the link through the demo provider)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        config = cls.main_pos_config
        cls.link_method = cls.env["pos.payment.method"].create(
            {
                "name": "Payment link",
                "is_payment_link": True,
                "split_transactions": True,
                "company_id": config.company_id.id,
            }
        )
        config.payment_method_ids = [Command.link(cls.link_method.id)]
        cls.env["ir.config_parameter"].set_param("pos_payment_link.poll_seconds", 1)
        cls.provider = demo_provider(cls.env, config.company_id, cls.company_data["default_journal_bank"])
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Claire Petit",
                "email": "claire.petit@example.com",
                "mobile": "06 12 34 56 78",
                "country_id": cls.env.ref("base.fr").id,
            }
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Retouche ourlet",
                "type": "service",
                "list_price": 80.0,
                "taxes_id": [Command.clear()],
                "available_in_pos": True,
            }
        )

    def setUp(self):
        super().setUp()
        self.paid = []
        Link = type(self.env["pos.payment.link"])
        send = Link._send
        sent = threading.Event()
        test = self

        def watched_send(link, channel, address):
            result = send(link, channel, address)
            test.sent_link_id = link.id
            sent.set()
            return result

        self.patch(Link, "_send", watched_send)

        def customer_pays():
            if sent.wait(90) and not self.paid:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    link = env["pos.payment.link"].browse(self.sent_link_id)
                    pay_with_demo(env, link, self.provider.with_env(env))
                    self.paid.append(link.id)

        customer = threading.Thread(target=customer_pays, daemon=True)
        customer.start()
        self.addCleanup(customer.join, 10)
        self.addCleanup(lambda: self.paid.append("stop") or sent.set())

    def start(self, tour):
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour(tour)
        self.env.invalidate_all()
        return self.env["pos.payment.link"].browse(self.paid[0])

    def test_deposit_on_an_order_taken_by_phone(self):
        link = self.start("PaymentLinkDepositTour")
        self.assertEqual((link.state, link.purpose, link.amount), ("paid", "deposit", 30.0))
        self.assertEqual(link.pos_config_id, self.main_pos_config)
        order = link.sale_order_id
        self.assertEqual(order.partner_id, self.customer)
        self.assertEqual(order.order_line.product_id, self.product)
        self.assertEqual(order.amount_total, 80.0)
        self.assertEqual(order.state, "sale")
        self.assertIn("Ourlet pantalon gris", str(order.note))
        self.assertTrue(order.commitment_date)
        self.assertEqual(order.payment_link_deposit_state, "received")
        # booked as the order's down payment, which the pickup deducts
        self.assertEqual(link.invoice_id.state, "posted")
        self.assertEqual(link.invoice_id.amount_total, 30.0)
        self.assertEqual(order.payment_link_deposit_available, 0.0)

    def test_wallet_top_up_by_text_message(self):
        self.env["loyalty.program"].create(
            {
                "name": "Cagnotte",
                "program_type": "ewallet",
                "pos_config_ids": [Command.link(self.main_pos_config.id)],
                "rule_ids": [
                    Command.clear(),
                    Command.create(
                        {"reward_point_amount": 1, "reward_point_mode": "money", "product_ids": self.product.ids}
                    ),
                ],
            }
        )
        with self.mockSMSGateway():
            link = self.start("PaymentLinkWalletTour")
        self.assertEqual((link.state, link.purpose, link.phone), ("paid", "wallet", "+33612345678"))
        self.assertEqual(link.loyalty_card_id.points, 25.0)
        self.assertSMSIapSent(["+33612345678"], content=link.url)

    def test_settlement_of_the_selected_invoice(self):
        invoices = []
        for amount in (45.0, 20.0):
            invoice = self.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.customer.id,
                    "invoice_line_ids": [
                        Command.create({"name": "Réparation", "quantity": 1, "price_unit": amount, "tax_ids": []})
                    ],
                }
            )
            invoice.action_post()
            invoices.append(invoice)
        link = self.start("PaymentLinkSettlementTour")
        self.assertEqual((link.state, link.amount), ("paid", 45.0))
        self.assertEqual(invoices[0].payment_state, "paid")
        self.assertEqual(invoices[1].payment_state, "not_paid")

    def test_pickup_pays_the_remainder(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [Command.create({"product_id": self.product.id, "product_uom_qty": 1})],
            }
        )
        order.action_confirm()
        link = self.env["pos.payment.link"].create(
            {"purpose": "deposit", "partner_id": self.customer.id, "sale_order_id": order.id, "amount": 30.0}
        )
        pay_with_demo(self.env, link, self.provider)
        self.paid.append(link.id)
        # pos_sale records the deduction of a down payment on the sale order: the cashier who
        # collects orders is also a salesperson (Sales: all documents), as Odoo requires
        self.pos_user.groups_id += self.env.ref("sales_team.group_sale_salesman_all_leads")
        self.start("PaymentLinkPickupTour")
        pos_order = link.deposit_pos_order_id
        self.assertTrue(pos_order)
        # pos_sale's down-payment line takes the deposit off: the customer pays the rest
        self.assertEqual(pos_order.amount_total, 50.0)
        self.assertEqual(pos_order.lines.mapped("price_subtotal_incl"), [80.0, -30.0])
        self.assertEqual(pos_order.payment_ids.mapped(lambda p: (p.payment_method_id.name, p.amount)), [("Cash", 50.0)])
