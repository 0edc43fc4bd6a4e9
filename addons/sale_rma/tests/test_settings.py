from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, TransactionCase, new_test_user


class TestReturnSettings(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = new_test_user(cls.env, "sales_admin", groups="base.group_system,sales_team.group_sale_manager")
        cls.salesman = new_test_user(cls.env, "salesman", groups="sales_team.group_sale_salesman")

    def test_thirty_days_by_default(self):
        self.assertEqual(self.env["res.company"].create({"name": "Electroménager"}).rma_return_period_days, 30)

    def test_admin_sets_the_return_period(self):
        settings = Form(self.env["res.config.settings"].with_user(self.admin))
        settings.rma_return_period_days = 14
        settings.save().execute()
        self.assertEqual(self.admin.company_id.rma_return_period_days, 14)

    def test_negative_period_is_refused(self):
        with self.assertRaises(ValidationError) as caught:
            self.env.company.rma_return_period_days = -1
            self.env.company.flush_recordset()
        self.assertIn("cannot be negative", str(caught.exception))

    def test_salesman_cannot_change_it(self):
        with self.assertRaises(AccessError):
            self.env.company.with_user(self.salesman).rma_return_period_days = 60
