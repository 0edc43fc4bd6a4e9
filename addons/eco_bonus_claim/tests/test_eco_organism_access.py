from odoo.tests import TransactionCase, new_test_user


class TestEcoOrganismAccess(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(cls.env, "claims_user", groups="eco_bonus_claim.group_eco_bonus_user")
        cls.manager = new_test_user(cls.env, "claims_manager", groups="eco_bonus_claim.group_eco_bonus_manager")

    def test_credentials_are_for_managers_only(self):
        secret_fields = {"login", "secret", "test_url", "production_url", "api_url"}
        seen_by_user = set(self.env["eco.organism"].with_user(self.user).fields_get())
        seen_by_manager = set(self.env["eco.organism"].with_user(self.manager).fields_get())
        self.assertFalse(secret_fields & seen_by_user)
        self.assertLessEqual(secret_fields, seen_by_manager)

    def test_users_read_managers_configure(self):
        organisms = self.env["eco.organism"]
        self.assertTrue(organisms.with_user(self.user).has_access("read"))
        self.assertFalse(organisms.with_user(self.user).has_access("write"))
        self.assertTrue(organisms.with_user(self.manager).has_access("create"))

    def test_menu_in_accounting_configuration_for_managers(self):
        menu = self.env.ref("eco_bonus_claim.eco_organism_menu")
        accountant = new_test_user(self.env, "accountant", groups="account.group_account_manager")
        accountant_manager = new_test_user(
            self.env,
            "accountant_claims",
            groups="account.group_account_manager,eco_bonus_claim.group_eco_bonus_manager",
        )
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(accountant_manager)._visible_menu_ids())
        self.assertNotIn(menu.id, self.env["ir.ui.menu"].with_user(accountant)._visible_menu_ids())
