from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon


@tagged("post_install", "-at_install")
class TestCustomerCreditTours(TestPointOfSaleHttpCommon):
    """Credit at the till and the customer's details, in headless Chromium."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        config = cls.main_pos_config
        cls.account_pm = cls.env["pos.payment.method"].create(
            {"name": "Compte client", "split_transactions": True, "company_id": config.company_id.id}
        )
        config.payment_method_ids = [Command.link(cls.account_pm.id)]
        cls.product = cls.env["product.product"].create(
            {
                "name": "Ressemelage",
                "type": "service",
                "list_price": 150.0,
                "taxes_id": [Command.clear()],
                "available_in_pos": True,
            }
        )
        Partner = cls.env["res.partner"]
        cls.limited = Partner.create(
            {"name": "Cordonnerie Martin", "is_company": True, "pos_credit_mode": "limited", "credit_limit": 100.0}
        )
        cls.unlimited = Partner.create({"name": "Atelier Couture Bernard", "pos_credit_mode": "unlimited"})
        cls.no_credit = Partner.create({"name": "Lucie Moreau", "pos_credit_mode": "none"})

    def order_of(self, partner):
        return self.env["pos.order"].search([("partner_id", "=", partner.id)], order="id desc", limit=1)

    def test_warning_lets_the_cashier_go_over(self):
        self.main_pos_config.pos_credit_control = "warning"
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("CustomerCreditWarningTour")
        order = self.order_of(self.limited)
        self.assertEqual(order.state, "paid")
        self.assertEqual(
            order.payment_ids.mapped(lambda p: (p.payment_method_id, p.amount)), [(self.account_pm, 150.0)]
        )
        self.assertTrue(order.message_ids.filtered(lambda m: "over the credit" in str(m.body)))
        self.limited.invalidate_recordset()
        self.assertEqual(self.limited.customer_credit_available, -50.0)

    def test_the_credit_left_after_the_order(self):
        self.main_pos_config.write({"pos_credit_control": "warning", "pos_credit_display": "after"})
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("CustomerCreditAfterOrderTour")
        orders = self.env["pos.order"].search([("partner_id", "=", self.limited.id)])
        self.assertEqual(sorted(orders.payment_ids.mapped("amount")), [-150.0, 150.0])
        self.assertEqual(set(orders.payment_ids.payment_method_id.mapped("name")), {"Compte client"})
        self.limited.invalidate_recordset()
        self.assertEqual(self.limited.customer_credit_available, 100.0)

    def test_the_sales_history_and_a_refund_from_a_line(self):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.limited.id,
                "invoice_line_ids": [Command.create({"name": "Réparation atelier", "price_unit": 60.0, "tax_ids": []})],
            }
        )
        invoice.action_post()
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("CustomerSalesHistoryTour")
        orders = self.env["pos.order"].search([("partner_id", "=", self.limited.id)])
        sale = orders.filtered(lambda o: o.amount_total > 0)
        refund = orders - sale
        self.assertEqual(refund.lines.refunded_orderline_id, sale.lines)
        self.assertEqual(refund.amount_total, -150.0)
        history = self.limited.with_user(self.pos_user).pos_sales_history()
        self.assertEqual(
            sorted((line["status"], line["qty"], line["refundable"]) for line in history),
            [("returned", -1.0, 0.0), ("sold", 1.0, 0.0), ("sold", 1.0, 0.0)],
        )

    def test_block_keeps_the_sale_within_the_limit(self):
        self.main_pos_config.pos_credit_control = "block"
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("CustomerCreditBlockTour")
        order = self.order_of(self.limited)
        self.assertEqual(order.state, "paid")
        self.assertEqual(
            sorted(order.payment_ids.mapped(lambda p: (p.payment_method_id.name, p.amount))),
            [("Cash", 50.0), ("Compte client", 100.0)],
        )
        self.assertFalse(order.message_ids.filtered(lambda m: "over the credit" in str(m.body)))
        self.limited.invalidate_recordset()
        self.assertEqual(self.limited.customer_credit_available, 0.0)

    def test_coupons_in_the_customer_details(self):
        # the till's "today" is its user's, in their time zone (America/New_York), not UTC's
        today = fields.Date.context_today(self.env["res.partner"].with_context(tz=self.pos_user.tz))
        for amount in (30.0, 60.0):
            invoice = self.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.limited.id,
                    "invoice_line_ids": [Command.create({"name": "Réparation", "price_unit": amount, "tax_ids": []})],
                }
            )
            invoice.action_post()
        self.env["account.payment.register"].with_context(active_model="account.move", active_ids=invoice.ids).create(
            {}
        )._create_payments()
        program = self.env["loyalty.program"].create(
            {
                "name": "Bon de réduction",
                "program_type": "coupons",
                "trigger": "with_code",
                "reward_ids": [
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount": 10,
                            "discount_mode": "percent",
                            "discount_applicability": "order",
                        }
                    )
                ],
            }
        )
        cards = self.env["loyalty.card"].create(
            [
                {
                    "program_id": program.id,
                    "partner_id": self.limited.id,
                    "code": code,
                    "points": points,
                    "expiration_date": today + timedelta(days=days) if days else False,
                }
                for code, points, days in (
                    ("LATER-0001", 1, 30),
                    ("SOON-0001", 1, 5),
                    ("OLD-0001", 1, -1),
                    ("USED-0001", 0, 0),
                )
            ]
        )
        self.env["loyalty.history"].create({"card_id": cards[3].id, "description": "Order 0042", "used": 1})
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("CustomerCouponsTour")
