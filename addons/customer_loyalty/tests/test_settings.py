from odoo.exceptions import AccessError
from odoo.tests import Form, TransactionCase, new_test_user, tagged


# after every module's install: a till needs the company's bank journal, which Odoo
# makes with the chart of accounts once the registry is loaded
@tagged("post_install", "-at_install")
class TestCreditLimitSettings(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = new_test_user(cls.env, "shop_admin", groups="base.group_system,point_of_sale.group_pos_manager")
        cls.cashier = new_test_user(cls.env, "cashier", groups="point_of_sale.group_pos_user")

    def test_cashier_is_warned_by_default(self):
        self.assertEqual(self.env["res.company"].create({"name": "Atelier"}).pos_credit_limit_mode, "warning")

    def test_admin_chooses_to_block(self):
        settings = Form(self.env["res.config.settings"].with_user(self.admin))
        settings.pos_config_id = self.env["pos.config"].create({"name": "Atelier"})
        settings.pos_credit_limit_mode = "block"
        settings.save().execute()
        self.assertEqual(self.admin.company_id.pos_credit_limit_mode, "block")

    def test_cashier_cannot_lift_the_control(self):
        with self.assertRaises(AccessError):
            self.env.company.with_user(self.cashier).pos_credit_limit_mode = "none"
