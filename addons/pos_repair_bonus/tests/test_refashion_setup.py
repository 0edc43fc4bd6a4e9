from odoo.exceptions import AccessError
from odoo.tests import Form, TransactionCase, new_test_user


class TestRefashionSetup(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = new_test_user(cls.env, "shop_admin", groups="base.group_system,point_of_sale.group_pos_manager")
        cls.manager = new_test_user(cls.env, "pos_manager", groups="point_of_sale.group_pos_manager")
        cls.cashier = new_test_user(cls.env, "cashier", groups="point_of_sale.group_pos_user")
        cls.pos_config = cls.env["pos.config"].create({"name": "Atelier cordonnerie"})
        cls.refashion_partner = cls.env["res.partner"].create({"name": "Refashion", "is_company": True})

    def test_settings_enable_the_bonus_on_one_pos(self):
        other_pos = self.env["pos.config"].create({"name": "Boutique"})
        settings = Form(self.env["res.config.settings"].with_user(self.admin))
        settings.pos_config_id = self.pos_config
        settings.pos_refashion_bonus = True
        settings.save().execute()
        self.assertTrue(self.pos_config.refashion_bonus)
        self.assertFalse(other_pos.refashion_bonus)

    def test_manager_configures_the_account_cashier_only_reads_it(self):
        organism = (
            self.env["eco.organism"]
            .with_user(self.manager)
            .create(
                {
                    "name": "Refashion",
                    "code": "refashion",
                    "partner_id": self.refashion_partner.id,
                    "login": "atelier@example.fr",
                    "secret": "s3cret",
                }
            )
        )
        self.assertEqual(organism.api_url, False, "no test URL configured yet")
        as_cashier = organism.with_user(self.cashier)
        self.assertEqual(as_cashier.name, "Refashion")
        with self.assertRaises(AccessError):
            as_cashier.read(["secret"])
        with self.assertRaises(AccessError):
            as_cashier.write({"environment": "production"})

    def test_menu_visible_to_managers_only(self):
        menu = self.env.ref("pos_repair_bonus.eco_organism_menu_refashion")
        visible = self.env["ir.ui.menu"].with_user(self.manager)._visible_menu_ids()
        self.assertIn(menu.id, visible)
        visible = self.env["ir.ui.menu"].with_user(self.cashier)._visible_menu_ids()
        self.assertNotIn(menu.id, visible)

    def test_accounts_are_kept_per_company(self):
        other_company = self.env["res.company"].create({"name": "Retoucherie Lyon"})
        self.env["eco.organism"].create(
            {
                "name": "Refashion Lyon",
                "code": "refashion",
                "partner_id": self.refashion_partner.id,
                "company_id": other_company.id,
            }
        )
        visible = self.env["eco.organism"].with_user(self.manager).search([("code", "=", "refashion")])
        self.assertNotIn("Refashion Lyon", visible.mapped("name"))
