from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, TransactionCase, new_test_user


class TestPaymentLinkSettings(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = new_test_user(cls.env, "shop_admin", groups="base.group_system,point_of_sale.group_pos_manager")
        cls.cashier = new_test_user(cls.env, "cashier", groups="point_of_sale.group_pos_user")

    def test_links_last_a_week_by_default(self):
        self.assertEqual(self.env["res.company"].create({"name": "Atelier"}).payment_link_validity_days, 7)

    def test_admin_sets_the_validity_in_pos_settings(self):
        settings = Form(self.env["res.config.settings"].with_user(self.admin))
        settings.pos_config_id = self.env["pos.config"].create({"name": "Atelier"})
        settings.payment_link_validity_days = 3
        settings.save().execute()
        self.assertEqual(self.admin.company_id.payment_link_validity_days, 3)

    def test_a_link_valid_for_no_day_is_refused(self):
        company = self.env.company
        with self.assertRaises(ValidationError) as caught:
            company.payment_link_validity_days = 0
            company.flush_recordset()
        self.assertIn("at least one day", str(caught.exception))

    def test_cashier_cannot_change_it(self):
        with self.assertRaises(AccessError):
            self.env.company.with_user(self.cashier).payment_link_validity_days = 30

    def test_a_new_till_does_not_offer_payment_links_until_switched_on(self):
        """Odoo gives a new till every journal-less method as its Customer Account."""
        link_method = self.env.ref("pos_payment_link.pos_payment_method_payment_link")
        self.env["pos.payment.method"].search(
            [("journal_id", "=", False), ("id", "!=", link_method.id), ("company_id", "=", self.env.company.id)]
        ).write({"active": False})
        _journal, method_ids = self.env["pos.config"]._create_journal_and_payment_methods(
            cash_journal_vals={"name": "Caisse atelier"}
        )
        methods = self.env["pos.payment.method"].browse(method_ids)
        self.assertNotIn(link_method, methods)
        self.assertEqual(
            methods.filtered(lambda method: method.type == "pay_later").mapped("name"), ["Customer Account"]
        )
