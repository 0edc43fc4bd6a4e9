from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import device_types


@tagged("post_install", "-at_install")
class TestRepairDocuments(HttpCase):
    """Documents per product, device type or fiche follow the repairs, go to the
    customer and into their portal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = new_test_user(cls.env, "repair_docs_customer", groups="base.group_portal")
        cls.technician = new_test_user(cls.env, "repair_docs_tech", groups="repair_qualirepar.group_repair_technician")
        cls.washer_type, cls.laptop_type = device_types(
            cls.env, ("LL", "Lave-linge", "1"), ("PC", "Ordinateur portable", "7")
        )
        cls.device = cls.env["product.product"].create({"name": "Lave-linge LVX-800", "type": "consu"})

        def document(name, **scope):
            attachment = cls.env["ir.attachment"].create({"name": f"{name}.pdf", "raw": f"%PDF {name}".encode()})
            return cls.env["repair.document"].create({"name": name, "attachment_id": attachment.id, **scope})

        cls.manual = document("Notice LVX-800", product_id=cls.device.id)
        cls.recall = document("Rappel pompes 2025", kind="recall", fiche="1")
        cls.laptop_doc = document("Vue éclatée PC", kind="exploded_view", product_type_id=cls.laptop_type.id)
        cls.internal = document("Procédure interne", fiche="1", customer_visible=False)
        cls.repair = cls.env["repair.order"].create(
            {
                "partner_id": cls.customer.partner_id.id,
                "product_id": cls.device.id,
                "qualirepar_product_type_id": cls.washer_type.id,
            }
        )

    def test_documents_of_the_product_and_the_fiche(self):
        self.assertEqual(self.repair.document_ids, self.manual | self.recall | self.internal)
        self.assertEqual(self.repair.with_user(self.technician).document_count, 3)
        with self.assertRaises(ValidationError) as caught:
            self.env["repair.document"].create({"name": "Sans cible", "attachment_id": self.manual.attachment_id.id})
        self.assertIn("choose the product", str(caught.exception))
        with self.assertRaises(AccessError):
            self.manual.with_user(self.technician).name = "Autre"

    def test_sent_to_the_customer_without_internal_ones(self):
        action = self.repair.action_send_documents()
        self.assertEqual(
            set(action["context"]["default_attachment_ids"]), set((self.manual | self.recall).attachment_id.ids)
        )
        self.assertEqual(action["context"]["default_partner_ids"], self.customer.partner_id.ids)
        laptop_repair = self.env["repair.order"].create(
            {"partner_id": self.customer.partner_id.id, "product_id": self.device.id}
        )
        laptop_repair.product_id = self.env["product.product"].create({"name": "PC portable", "type": "consu"})
        with self.assertRaises(UserError):
            laptop_repair.action_send_documents()

    def test_the_customer_downloads_them_from_the_portal(self):
        self.authenticate("repair_docs_customer", "repair_docs_customer")
        page = self.url_open(f"/my/repairs/{self.repair.id}")
        self.assertIn("Rappel pompes 2025", page.text)
        self.assertNotIn("Procédure interne", page.text)
        link = self.recall._download_url()
        self.assertIn(link.replace("&", "&amp;"), page.text)
        self.logout()
        self.assertEqual(self.url_open(link).content, b"%PDF Rappel pompes 2025")
        wrong = f"/web/content/{self.internal.attachment_id.id}?access_token=not-a-token&download=true"
        self.assertIn(self.url_open(wrong).status_code, (403, 404))
