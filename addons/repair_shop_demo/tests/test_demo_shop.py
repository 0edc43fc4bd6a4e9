from stdnum.fr import siret, tva

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestDemoShop(HttpCase):
    """What a visitor of ``scripts/suite run`` meets first: a French shop, and a till
    that sells its repairs. This addon is demo data only: without demo data there is
    nothing to check."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.till = cls.env.ref("point_of_sale.pos_config_main", raise_if_not_found=False)
        cls.has_demo = bool(cls.env.ref("repair_shop_demo.product_shoe_polish", raise_if_not_found=False))

    def setUp(self):
        super().setUp()
        if not self.has_demo:
            self.skipTest("the demo shop is demo data: installed without it, there is none")

    def test_the_company_is_a_french_shop(self):
        company = self.env.ref("base.main_company")
        self.assertEqual(company.name, "Atelier du Marais")
        self.assertEqual((company.country_id.code, company.currency_id.name), ("FR", "EUR"))
        self.assertTrue(tva.is_valid(company.vat), company.vat)
        self.assertTrue(siret.is_valid(company.siret), company.siret)
        self.assertEqual(company.siret[:9], company.vat[4:])
        self.assertNotIn("yourcompany", company.email)
        self.assertTrue(company.phone.startswith("+33 1 99"))

    def test_the_till_sells_the_repairs(self):
        self.assertTrue(self.till.limit_categories)
        sold = self.env["product.product"].search(self.till._get_available_product_domain())
        for xmlid in (
            "pos_repair_bonus.product_ressemelage_cuir",
            "pos_repair_bonus.product_reprise_accroc",
            "pos_payment_link.product_demo_ourlet",
            "repair_shop_demo.product_shoe_polish",
        ):
            self.assertIn(self.env.ref(xmlid), sold, xmlid)
        # nothing of Odoo's furniture demo at a shoe repairer's till
        self.assertFalse(sold.filtered(lambda product: "Desk" in product.with_context(lang="en_US").name))

    def test_the_sandbox_shows_on_every_screen(self):
        self.authenticate("admin", "admin")
        info = self.make_jsonrpc_request("/web/session/get_session_info")
        self.assertFalse(info["repair_sandbox"])
        self.env["ir.config_parameter"].set_param("repair_shop_demo.sandbox", "1")
        info = self.make_jsonrpc_request("/web/session/get_session_info")
        self.assertTrue(info["repair_sandbox"])
        self.till.with_user(self.env.ref("base.user_admin")).open_ui()
        self.start_tour(f"/pos/ui?config_id={self.till.id}", "RepairShopDemoTillTour", login="admin")
