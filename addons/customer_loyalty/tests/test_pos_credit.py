from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.customer_loyalty.hooks import post_init_hook
from odoo.addons.point_of_sale.tests.common import TestPoSCommon


@tagged("post_install", "-at_install")
class TestPosCreditRule(TestPoSCommon):
    """The rule the till applies to a sale on account (and the server again at
    sync): each control level against each kind of credit, under, at and over the
    limit, and the staleness of the figure."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.config = cls.basic_config
        Partner = cls.env["res.partner"]
        cls.limited = Partner.create(
            {"name": "Cordonnerie Martin", "pos_credit_mode": "limited", "credit_limit": 500.0}
        )
        cls.unlimited = Partner.create({"name": "Atelier Bernard", "pos_credit_mode": "unlimited"})
        cls.no_credit = Partner.create({"name": "Lucie Moreau", "pos_credit_mode": "none"})

    def test_control_level_credit_and_amount(self):
        amounts = {"under": 499.99, "at": 500.0, "over": 500.01}
        expected = {
            # control: {credit: verdict under, at, over the limit}
            "none": {"limited": "ok ok ok", "unlimited": "ok ok ok", "none": "ok ok ok"},
            "warning": {"limited": "ok ok warning", "unlimited": "ok ok ok", "none": "warning warning warning"},
            "block": {"limited": "ok ok block", "unlimited": "ok ok ok", "none": "block block block"},
        }
        customers = {"limited": self.limited, "unlimited": self.unlimited, "none": self.no_credit}
        for control, by_credit in expected.items():
            self.config.pos_credit_control = control
            for credit, verdicts in by_credit.items():
                for (position, amount), verdict in zip(amounts.items(), verdicts.split(), strict=True):
                    with self.subTest(control=control, credit=credit, amount=position):
                        self.assertEqual(customers[credit]._pos_credit_verdict(amount, self.config), verdict)

    def test_what_is_owed_reduces_the_credit(self):
        self.config.pos_credit_control = "block"
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.limited.id,
                "invoice_line_ids": [Command.create({"name": "Réparation", "price_unit": 200.0, "tax_ids": []})],
            }
        )
        invoice.action_post()
        self.assertEqual(self.limited._pos_credit_verdict(300.0, self.config), "ok")
        self.assertEqual(self.limited._pos_credit_verdict(300.01, self.config), "block")

    def test_an_old_figure_blocks_sales_on_account(self):
        rule = self.env["res.partner"]._pos_credit_rule
        for control, verdict in (("none", "ok"), ("warning", "block"), ("block", "block")):
            with self.subTest(control=control):
                self.assertEqual(rule(control, "unlimited", 0.0, 10.0, age_minutes=61, stale_minutes=60), verdict)
                self.assertEqual(rule(control, "limited", 500.0, 10.0, age_minutes=61, stale_minutes=60), verdict)
                self.assertEqual(rule(control, "limited", 500.0, 10.0, age_minutes=60, stale_minutes=60), "ok")

    def test_a_refund_on_account_is_never_refused(self):
        self.config.pos_credit_control = "block"
        self.assertEqual(self.no_credit._pos_credit_verdict(-50.0, self.config), "ok")


@tagged("post_install", "-at_install")
class TestPosCreditSettings(TestPoSCommon):
    """Control level and staleness per company, overridden per till."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.config = cls.basic_config
        cls.cashier = new_test_user(
            cls.env, "credit_settings_cashier", groups="base.group_user,point_of_sale.group_pos_user"
        )

    def test_a_till_overrides_the_company(self):
        self.env.company.write({"pos_credit_limit_mode": "block", "pos_credit_stale_minutes": 45})
        self.assertEqual(self.config.pos_credit_control, "company")
        self.assertEqual(self.config.pos_credit_control_effective, "block")
        self.assertEqual(self.config.pos_credit_stale_minutes_effective, 45)
        self.config.write({"pos_credit_control": "warning", "pos_credit_stale_minutes": 10})
        self.assertEqual(self.config.pos_credit_control_effective, "warning")
        self.assertEqual(self.config.pos_credit_stale_minutes_effective, 10)

    def test_the_till_loads_its_control(self):
        self.config.pos_credit_control = "none"
        self.open_new_session()
        data = self.pos_session.with_user(self.cashier).load_data([])
        self.assertEqual(data["pos.config"]["data"][0]["pos_credit_control_effective"], "none")
        self.assertNotIn("pos_credit_control", data["pos.config"]["data"][0], "a manager's setting")
        methods = {method["name"]: method["pos_credit_controlled"] for method in data["pos.payment.method"]["data"]}
        self.assertTrue(methods["Pay Later"])
        self.assertFalse(methods["Cash"])
        self.assertIn("customer_credit_checked_at", data["res.partner"]["fields"])
        self.assertTrue(data["res.partner"]["data"], data["res.partner"].get("error"))

    def test_bad_staleness_is_refused(self):
        with self.assertRaises(ValidationError):
            self.env.company.pos_credit_stale_minutes = 0
        with self.assertRaises(ValidationError):
            self.config.pos_credit_stale_minutes = -5
        self.env.invalidate_all()
        self.assertEqual(self.env.company.pos_credit_stale_minutes, 60)
        self.assertEqual(self.config.pos_credit_stale_minutes, 0)

    def test_a_cashier_does_not_change_the_control(self):
        with self.assertRaises(AccessError):
            self.config.with_user(self.cashier).pos_credit_control = "none"
        with self.assertRaises(AccessError):
            self.pay_later_pm.with_user(self.cashier).pos_credit_controlled = False
        self.assertTrue(self.pay_later_pm.pos_credit_controlled)


@tagged("post_install", "-at_install")
class TestPosCreditMethods(TestPoSCommon):
    """Which methods are the customer's account, what they make owed, and the
    server's second look at sync."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.config = cls.basic_config
        cls.customer = cls.env["res.partner"].create(
            {"name": "Cordonnerie Martin", "pos_credit_mode": "limited", "credit_limit": 100.0}
        )
        cls.product = cls.create_product("Ressemelage", cls.categ_basic, 60.0, tax_ids=[])
        # a journal-less method that is not the customer's account (a bonus a third party pays)
        cls.bonus_pm = cls.env["pos.payment.method"].create({"name": "Bonus", "split_transactions": True})
        cls.bonus_pm.pos_credit_controlled = False
        cls.config.payment_method_ids = [Command.link(cls.bonus_pm.id)]

    def sell(self, payments, quantity=1):
        order_data = self.create_ui_order_data([(self.product, quantity)], customer=self.customer, payments=payments)
        result = self.env["pos.order"].sync_from_ui([order_data])
        return self.env["pos.order"].browse(result["pos.order"][0]["id"])

    def test_pay_later_methods_are_controlled_unless_excluded(self):
        self.assertTrue(self.pay_later_pm.pos_credit_controlled)
        self.assertFalse(self.cash_pm1.pos_credit_controlled)
        self.assertFalse(self.bank_pm1.pos_credit_controlled)
        PaymentMethod = type(self.env["pos.payment.method"])
        self.patch(PaymentMethod, "_pos_credit_excluded", lambda method: method.name == "Payment link")
        link = self.env["pos.payment.method"].create({"name": "Payment link", "split_transactions": True})
        self.assertEqual(link.type, "pay_later")
        self.assertFalse(link.pos_credit_controlled)

    def test_only_controlled_methods_are_owed(self):
        self.open_new_session()
        self.sell([(self.bonus_pm, 60.0)])
        self.assertEqual(self.customer.customer_credit_open, 0.0, "a bonus is not owed by the customer")
        self.sell([(self.pay_later_pm, 60.0)])
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.customer_credit_open, 60.0)
        self.assertEqual(self.customer.customer_credit_available, 40.0)

    def test_a_breach_found_at_sync_is_kept_and_reported(self):
        self.config.pos_credit_control = "block"
        self.open_new_session()
        within = self.sell([(self.pay_later_pm, 60.0)])
        self.assertEqual(within.state, "paid")
        self.assertFalse(within.message_ids.filtered(lambda m: "over the credit" in str(m.body)))
        # the till had an old figure: the second sale on account goes over the limit
        over = self.sell([(self.pay_later_pm, 60.0)])
        self.assertEqual(over.state, "paid", "a paid order is final: never refused at sync")
        message = over.message_ids.filtered(lambda m: "over the credit" in str(m.body))
        self.assertEqual(len(message), 1)
        self.assertIn("40.00", str(message.body), "what was available when the order reached the server")
        self.assertTrue(self.customer.message_ids.filtered(lambda m: "over the credit" in str(m.body)))

    def test_no_report_without_control(self):
        self.config.pos_credit_control = "none"
        self.open_new_session()
        order = self.sell([(self.pay_later_pm, 120.0)], quantity=2)
        self.assertFalse(order.message_ids.filtered(lambda m: "over the credit" in str(m.body)))


@tagged("post_install", "-at_install")
class TestCustomersCreatedAtTheTill(TestPoSCommon):
    """A customer created from the till never gets unlimited credit."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cashier = new_test_user(
            cls.env, "till_cashier", groups="base.group_user,base.group_partner_manager,point_of_sale.group_pos_user"
        )
        cls.manager = new_test_user(
            cls.env, "till_manager", groups="base.group_user,base.group_partner_manager,point_of_sale.group_pos_manager"
        )

    def test_default_unlimited_credit_is_not_given_at_the_till(self):
        self.env["ir.default"].set("res.partner", "pos_credit_mode", "unlimited", company_id=self.env.company.id)
        Partner = self.env["res.partner"].with_user(self.cashier)
        from_till = Partner.with_context(pos_customer_creation=True).create({"name": "Nouveau client"})
        self.assertEqual(from_till.sudo().pos_credit_mode, "none")
        self.assertEqual(from_till.customer_credit_status, "none")
        from_back_office = self.env["res.partner"].create({"name": "Client du bureau"})
        self.assertEqual(from_back_office.pos_credit_mode, "unlimited")

    def test_a_manager_cannot_give_unlimited_credit_at_the_till(self):
        Partner = self.env["res.partner"].with_user(self.manager).with_context(pos_customer_creation=True)
        with self.assertRaises(UserError):
            Partner.create({"name": "Client illimité", "pos_credit_mode": "unlimited"})
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Client illimité")]))
        limited = Partner.create({"name": "Client limité", "pos_credit_mode": "limited", "credit_limit": 200.0})
        self.assertEqual(limited.customer_credit_status, "limited")
        self.assertEqual(limited.customer_credit_available, 200.0)

    def test_the_till_creates_customers_through_this_context(self):
        action = self.env.ref("point_of_sale.res_partner_action_edit_pos")
        self.assertIn("pos_customer_creation", action.context)


@tagged("post_install", "-at_install")
class TestCustomerCoupons(TestPoSCommon):
    """The coupons of a customer as the till lists them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.today()
        cls.customer = cls.env["res.partner"].create({"name": "Cordonnerie Martin", "is_company": True})
        cls.contact = cls.env["res.partner"].create({"name": "Paul Martin", "parent_id": cls.customer.id})
        cls.cashier = new_test_user(cls.env, "coupon_cashier", groups="base.group_user,point_of_sale.group_pos_user")
        cls.no_pos = new_test_user(cls.env, "coupon_clerk", groups="base.group_user")
        discount = Command.create(
            {
                "reward_type": "discount",
                "discount": 10,
                "discount_mode": "percent",
                "discount_applicability": "order",
                "description": "10% on the order",
            }
        )
        Program = cls.env["loyalty.program"]
        cls.coupons = Program.create(
            {"name": "Bon de réduction", "program_type": "coupons", "trigger": "with_code", "reward_ids": [discount]}
        )
        cls.old_program = Program.create(
            {"name": "Ancienne offre", "program_type": "coupons", "trigger": "with_code", "reward_ids": [discount]}
        )
        # as the program form sets it for a loyalty program
        cls.loyalty = Program.create({"name": "Fidélité", "program_type": "loyalty", "applies_on": "both"})
        Card = cls.env["loyalty.card"]
        cards = Card.create(
            [
                {
                    "program_id": cls.coupons.id,
                    "partner_id": cls.customer.id,
                    "code": "LATER-0001",
                    "points": 1,
                    "expiration_date": today + timedelta(days=30),
                },
                {
                    "program_id": cls.coupons.id,
                    "partner_id": cls.contact.id,
                    "code": "SOON-0001",
                    "points": 1,
                    "expiration_date": today + timedelta(days=5),
                },
                {
                    "program_id": cls.coupons.id,
                    "partner_id": cls.customer.id,
                    "code": "OLD-0001",
                    "points": 1,
                    "expiration_date": today - timedelta(days=1),
                },
                {"program_id": cls.coupons.id, "partner_id": cls.customer.id, "code": "USED-0001", "points": 0},
                {"program_id": cls.old_program.id, "partner_id": cls.customer.id, "code": "ARCH-0001", "points": 1},
                {"program_id": cls.loyalty.id, "partner_id": cls.customer.id, "code": "LOYAL-0001", "points": 12},
            ]
        )
        cls.env["loyalty.history"].create({"card_id": cards[3].id, "description": "Order 0042", "issued": 0, "used": 1})
        cls.old_program.active = False

    def test_statuses_of_the_customers_coupons(self):
        coupons = self.customer.with_user(self.cashier).pos_customer_coupons()
        statuses = {coupon["code"]: coupon["status"] for coupon in coupons}
        self.assertEqual(
            statuses,
            {
                "LATER-0001": "active",
                "SOON-0001": "active",
                "OLD-0001": "expired",
                "USED-0001": "used",
                "ARCH-0001": "inactive",
            },
            "a contact's coupon counts for the customer; a loyalty card is not a coupon",
        )
        used = next(coupon for coupon in coupons if coupon["code"] == "USED-0001")
        self.assertEqual([line["description"] for line in used["history"]], ["Order 0042"])
        soon = next(coupon for coupon in coupons if coupon["code"] == "SOON-0001")
        self.assertEqual(soon["reward"], "10% on the order")
        self.assertEqual(soon["valid_until"], fields.Date.to_string(fields.Date.today() + timedelta(days=5)))

    def test_as_many_queries_whatever_the_number_of_coupons(self):
        customer = self.customer.with_user(self.cashier)

        def queries():
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            coupons = customer.pos_customer_coupons()
            return self.env.cr.sql_log_count - before, len(coupons)

        queries()  # what is read once per transaction (access rules...)
        few, count = queries()
        self.assertEqual(count, 5)
        self.env["loyalty.card"].create(
            [{"program_id": self.coupons.id, "partner_id": self.customer.id, "points": 1} for _i in range(20)]
        )
        self.assertEqual(queries(), (few, 25))

    def test_only_till_users_read_coupons(self):
        with self.assertRaises(AccessError):
            self.customer.with_user(self.no_pos).pos_customer_coupons()


@tagged("post_install", "-at_install")
class TestPosCreditInstallDay(TestPoSCommon):
    """The day the addon is installed, the customers already there keep the sales on
    account Odoo gave them: its credit limit, where the company uses it, becomes a
    limited credit at the till, the others keep an unlimited one; nothing the shop
    set is changed."""

    def test_customers_keep_their_sales_on_account(self):
        company = self.env.company
        company.account_use_credit_limit = True
        company.pos_credit_limit_mode = "warning"
        Partner = self.env["res.partner"]
        # as they were before the install: no credit mode of this addon yet
        with_limit = Partner.create({"name": "Garage Dubois", "credit_limit": 500.0})
        without_limit = Partner.create({"name": "Hélène Roux"})
        contact = Partner.create({"name": "Paul Dubois", "parent_id": with_limit.id})
        refused = Partner.create({"name": "Marc Petit", "pos_credit_mode": "none"})
        elsewhere = self.env["res.company"].create({"name": "Atelier de Lyon", "account_use_credit_limit": False})
        lyon_customer = Partner.create({"name": "Client de Lyon", "company_id": elsewhere.id})
        # a sale on account already made, not paid yet
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": with_limit.id,
                "invoice_line_ids": [Command.create({"name": "Réparation", "price_unit": 120.0, "tax_ids": []})],
            }
        )
        invoice.action_post()
        self.assertEqual(with_limit.customer_credit_status, "none", "what the till would apply without the hook")

        post_init_hook(self.env)

        with_limit.invalidate_recordset()
        self.assertEqual(with_limit.pos_credit_mode, "limited", "Odoo's credit limit is read as a limited credit")
        self.assertEqual(with_limit.customer_credit_available, 380.0)
        self.assertEqual(contact.customer_credit_status, "limited", "a contact buys on its company's account")
        self.assertEqual(without_limit.pos_credit_mode, "unlimited", "Odoo let them buy on account without a limit")
        self.assertEqual(refused.pos_credit_mode, "none", "a choice of the shop stays")
        self.assertFalse(contact.pos_credit_mode, "contacts follow their company")
        self.assertEqual(lyon_customer.with_company(elsewhere).pos_credit_mode, "unlimited")
        self.assertFalse(lyon_customer.pos_credit_mode, "a customer of Lyon only gets nothing in this company")
        self.assertFalse(company.partner_id.pos_credit_mode, "the shop itself is no customer")

        config = self.basic_config
        self.assertEqual(with_limit._pos_credit_verdict(380.0, config), "ok")
        self.assertEqual(with_limit._pos_credit_verdict(380.01, config), "warning", "a warning, nothing blocked")
        self.assertEqual(without_limit._pos_credit_verdict(10000.0, config), "ok")
        self.assertEqual(refused._pos_credit_verdict(10.0, config), "warning")

    def test_without_odoo_limits_every_customer_keeps_an_open_account(self):
        self.env.company.account_use_credit_limit = False
        customer = self.env["res.partner"].create({"name": "Garage Dubois", "credit_limit": 500.0})
        post_init_hook(self.env)
        self.assertEqual(customer.pos_credit_mode, "unlimited", "the limit was not in use: Odoo did not apply it")
        # run again (an upgrade, a second call): nothing changes
        customer.pos_credit_mode = "none"
        post_init_hook(self.env)
        self.assertEqual(customer.pos_credit_mode, "none")
