from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger


# after every module's install: a till needs the company's bank journal, which Odoo
# makes with the chart of accounts once the registry is loaded
@tagged("post_install", "-at_install")
class TestRefashionSetup(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = new_test_user(cls.env, "shop_admin", groups="base.group_system,point_of_sale.group_pos_manager")
        cls.manager = new_test_user(cls.env, "pos_manager", groups="point_of_sale.group_pos_manager")
        cls.cashier = new_test_user(cls.env, "cashier", groups="point_of_sale.group_pos_user")
        cls.pos_config = cls.env["pos.config"].create({"name": "Atelier cordonnerie"})
        cls.refashion_partner = cls.env["res.partner"].create({"name": "Refashion", "is_company": True})

    def account(self, user=None, **values):
        return (
            self.env["eco.organism"]
            .with_user(user or self.manager)
            .create(
                {
                    "name": "Refashion",
                    "code": "refashion",
                    "partner_id": self.refashion_partner.id,
                    "siret": "732 829 320 00074",
                    "account_email": "atelier@example.fr",
                    **values,
                }
            )
        )

    def test_manager_associates_points_of_sale_and_gets_the_bonus_method(self):
        other_pos = self.env["pos.config"].create({"name": "Boutique"})
        organism = self.account(pos_config_ids=[Command.link(self.pos_config.id)])
        self.assertEqual(organism.siret, "73282932000074", "stored without spaces")
        self.assertEqual(self.pos_config.refashion_organism_id, organism)
        self.assertFalse(other_pos.refashion_organism_id)
        method = organism.payment_method_id
        self.assertEqual(method.eco_organism_id, organism)
        self.assertEqual(method.type, "pay_later", "a receivable on Refashion, not money in a bank")
        self.assertTrue(method.split_transactions, "one receivable line per bonus")
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            method.journal_id = self.env["account.journal"].search([("type", "=", "bank")], limit=1)
            method.flush_recordset()
        self.assertIn(method, self.pos_config.payment_method_ids)
        self.assertNotIn(method, other_pos.payment_method_ids)

    def test_a_till_taken_off_the_account_loses_the_bonus_method(self):
        other_pos = self.env["pos.config"].create({"name": "Boutique"})
        organism = self.account(pos_config_ids=[Command.set((self.pos_config | other_pos).ids)])
        method = organism.payment_method_id
        self.assertIn(method, other_pos.payment_method_ids)
        organism.with_user(self.manager).pos_config_ids = [Command.unlink(other_pos.id)]
        self.assertNotIn(method, other_pos.payment_method_ids)
        self.assertIn(method, self.pos_config.payment_method_ids)
        # from the settings too
        settings = Form(self.env["res.config.settings"].with_user(self.admin))
        settings.pos_config_id = self.pos_config
        settings.pos_refashion_organism_id = self.env["eco.organism"]
        settings.save().execute()
        self.assertFalse(self.pos_config.refashion_organism_id)
        self.assertNotIn(method, self.pos_config.payment_method_ids)

    def test_the_account_type_is_recorded(self):
        organism = self.account()
        self.assertEqual(organism.refashion_account_type, "cobbler", "Cordonnier by default")
        organism.with_user(self.manager).refashion_account_type = "both"
        self.assertEqual(organism.refashion_account_type, "both")

    def test_the_refashion_menu_shows_once_an_account_exists(self):
        company = self.env["res.company"].create({"name": "Cordonnerie Nantes"})
        manager = new_test_user(
            self.env,
            "nantes_manager",
            groups="point_of_sale.group_pos_manager",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        menu = self.env.ref("pos_repair_bonus.menu_refashion_root")

        def shown():
            return menu.id in self.env["ir.ui.menu"].with_user(manager).load_menus(debug=False)

        self.assertFalse(shown(), "no Refashion account in the manager's company")
        partner = self.env["res.partner"].create({"name": "Refashion", "company_id": company.id})
        organism = self.env["eco.organism"].create(
            {"name": "Refashion Nantes", "code": "refashion", "partner_id": partner.id, "company_id": company.id}
        )
        self.assertTrue(shown())
        organism.unlink()
        self.assertFalse(shown())

    def test_settings_choose_the_account_of_a_pos(self):
        organism = self.account()
        settings = Form(self.env["res.config.settings"].with_user(self.admin))
        settings.pos_config_id = self.pos_config
        settings.pos_refashion_organism_id = organism
        settings.save().execute()
        self.assertEqual(organism.pos_config_ids, self.pos_config)
        self.assertIn(organism.payment_method_id, self.pos_config.payment_method_ids)

    def test_bad_siret_or_email_are_refused_and_nothing_is_written(self):
        before = self.env["eco.organism"].search_count([])
        with self.assertRaises(ValidationError) as caught:
            self.account(siret="73282932000075")
        self.assertIn("not a valid SIRET", str(caught.exception))
        with self.assertRaises(ValidationError) as caught:
            self.account(siret="1234")
        self.assertIn("not a valid SIRET", str(caught.exception))
        with self.assertRaises(ValidationError) as caught:
            self.account(account_email="atelier@")
        self.assertIn("not a valid e-mail", str(caught.exception))
        self.assertEqual(self.env["eco.organism"].search_count([]), before)

    def test_a_pos_has_one_refashion_account(self):
        self.account(pos_config_ids=[Command.link(self.pos_config.id)])
        with self.assertRaises(ValidationError) as caught:
            self.account(
                name="Refashion 2", pos_config_ids=[Command.link(self.pos_config.id)], company_id=self.env.company.id
            )
        self.assertIn("already associated", str(caught.exception))

    def test_cashier_reads_the_account_not_its_credentials(self):
        organism = self.account(login="atelier@example.fr", secret="s3cret")
        as_cashier = organism.with_user(self.cashier)
        self.assertEqual(as_cashier.name, "Refashion")
        with self.assertRaises(AccessError):
            as_cashier.read(["secret"])
        with self.assertRaises(AccessError):
            as_cashier.write({"environment": "production"})

    def test_cashier_cannot_edit_the_grid_or_the_claims(self):
        leather = self.env.ref("pos_repair_bonus.type_shoes_ressemelage_cuir")
        amount = leather.amount_ids
        self.assertEqual(leather.with_user(self.cashier).amount, 25.0)
        # a POS manager is not an eco-organism's grid manager
        for user in (self.cashier, self.manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                amount.with_user(user).amount = 100
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                leather.with_user(user).per_pair = False
        grid_manager = new_test_user(
            self.env,
            "grid_manager",
            groups="point_of_sale.group_pos_user,pos_repair_bonus.group_eco_bonus_grid_manager",
        )
        amount.with_user(grid_manager).amount = 26
        self.assertEqual(leather.amount, 26.0)
        # a company's own grid is out of reach of the others
        other_company = self.env["res.company"].create({"name": "Retoucherie Lyon"})
        own = self.env["eco.bonus.family"].create(
            {"name": "Cuir (Lyon)", "organism_code": "refashion", "company_id": other_company.id}
        )
        self.assertFalse(self.env["eco.bonus.family"].with_user(grid_manager).search([("id", "=", own.id)]))
        claim = self.env["eco.bonus.claim"].create({"organism_id": self.account().id, "amount": 25})
        with self.assertRaises(AccessError):
            claim.with_user(self.cashier).amount = 10

    def test_accounts_and_claims_are_kept_per_company(self):
        other_company = self.env["res.company"].create({"name": "Retoucherie Lyon"})
        other = self.env["eco.organism"].create(
            {
                "name": "Refashion Lyon",
                "code": "refashion",
                "partner_id": self.refashion_partner.id,
                "company_id": other_company.id,
            }
        )
        self.env["eco.bonus.claim"].create({"organism_id": other.id, "amount": 7})
        self.assertFalse(self.env["eco.organism"].with_user(self.manager).search([("name", "=", "Refashion Lyon")]))
        self.assertFalse(self.env["eco.bonus.claim"].with_user(self.manager).search([("organism_id", "=", other.id)]))

    def test_product_eligibility_only_from_the_imposed_list(self):
        product = self.env["product.template"].create({"name": "Ressemelage", "type": "service"})
        shoes = self.env.ref("pos_repair_bonus.family_shoes")
        with self.assertRaises(ValidationError) as caught:
            product.write({"refashion_eligible": True, "eco_bonus_family_id": shoes.id})
        self.assertIn("at least one repair type", str(caught.exception))
        with self.assertRaises(ValidationError) as caught:
            product.write(
                {
                    "refashion_eligible": True,
                    "eco_bonus_family_id": shoes.id,
                    "eco_bonus_repair_type_ids": [Command.set(self.env.ref("pos_repair_bonus.type_textile_trou").ids)],
                }
            )
        self.assertIn("must belong to", str(caught.exception))
        form = Form(product.with_user(self.manager))
        form.refashion_eligible = True
        form.eco_bonus_family_id = shoes
        form.eco_bonus_repair_type_ids.add(self.env.ref("pos_repair_bonus.type_shoes_ressemelage_cuir"))
        form.save()
        self.assertEqual(product.eco_bonus_repair_type_ids.code, "CH-RESS-CUIR")

    def test_menu_visible_to_managers_only(self):
        menu = self.env.ref("pos_repair_bonus.menu_refashion_root")
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(self.manager)._visible_menu_ids())
        self.assertNotIn(menu.id, self.env["ir.ui.menu"].with_user(self.cashier)._visible_menu_ids())
