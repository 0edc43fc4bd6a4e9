from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestRepairPortal(HttpCase):
    """Customers follow their own repairs in the portal, through HTTP."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer_a = new_test_user(cls.env, "repair_portal_a", groups="base.group_portal")
        cls.customer_b = new_test_user(cls.env, "repair_portal_b", groups="base.group_portal")
        device = cls.env["product.product"].create({"name": "Aspirateur du client", "type": "consu"})
        cls.repair_a, cls.repair_b = cls.env["repair.order"].create(
            [
                {
                    "partner_id": user.partner_id.id,
                    "product_id": device.id,
                    "device_serial": serial,
                    "gdpr_consent": True,
                    "deposit_amount": 20.0,
                }
                for user, serial in ((cls.customer_a, "ASP-A-001"), (cls.customer_b, "ASP-B-002"))
            ]
        )

    def test_a_customer_sees_only_their_repairs(self):
        self.authenticate("repair_portal_a", "repair_portal_a")
        page = self.url_open("/my/repairs")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.repair_a.name, page.text)
        self.assertNotIn(self.repair_b.name, page.text)
        page = self.url_open(f"/my/repairs/{self.repair_a.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("ASP-A-001", page.text)
        self.assertIn("Take-in voucher", page.text)
        page = self.url_open(f"/my/repairs/{self.repair_b.id}")
        self.assertTrue(page.url.endswith("/my"), page.url)
        self.assertNotIn("ASP-B-002", page.text)

    def test_the_link_of_the_voucher_works_without_login_and_a_wrong_token_does_not(self):
        page = self.url_open(self.repair_a.get_portal_url())
        self.assertEqual(page.status_code, 200)
        self.assertIn("ASP-A-001", page.text)
        page = self.url_open(f"/my/repairs/{self.repair_a.id}?access_token=not-the-token")
        self.assertNotIn("ASP-A-001", page.text)
        page = self.url_open(f"/my/repairs/{self.repair_b.id}?access_token={self.repair_a.access_token}")
        self.assertNotIn("ASP-B-002", page.text)

    def test_the_customer_downloads_the_voucher(self):
        self.authenticate("repair_portal_a", "repair_portal_a")
        page = self.url_open(f"/my/repairs/{self.repair_a.id}?report_type=html")
        self.assertEqual(page.status_code, 200)
        self.assertIn("ASP-A-001", page.text)
        self.assertIn("data:image/png;base64,", page.text, "QR code to the repair page")
        self.assertIn("GDPR", page.text)
        page = self.url_open(f"/my/repairs/{self.repair_b.id}?report_type=pdf&download=true")
        self.assertNotIn("ASP-B-002", page.text)
