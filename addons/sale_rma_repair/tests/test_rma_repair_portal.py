from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.sale_rma.tests.common import RmaCase


@tagged("post_install", "-at_install")
class TestRmaRepairPortal(RmaCase, HttpCase):
    """The customer follows from their account a return whose goods are being repaired."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_rma()
        cls.portal = new_test_user(cls.env, "rma_repair_customer", groups="base.group_portal")

    def test_the_customer_sees_the_repair_and_keeps_the_slip(self):
        order = self.delivered_order(partner=self.portal.partner_id)
        rma = self.new_rma(order, {self.shoes: 1}, outcome="repair")
        rma.action_accept()
        self.receive(rma, user=self.warehouse_user)
        self.process(rma).save().action_complete()
        self.assertEqual(rma.state, "repair")
        repair = rma.repair_ids
        repair.internal_notes = "<p>Semelle décollée, colle PU</p>"

        self.authenticate("rma_repair_customer", "rma_repair_customer")
        page = self.url_open(f"/my/returns/{rma.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("In repair", page.text)
        self.assertIn("Download the return slip", page.text, "the slip stays printable while the goods are away")
        self.assertNotIn("colle PU", page.text, "the workshop's notes are not the customer's")
        slip = self.url_open(f"/my/returns/{rma.id}?report_type=html")
        self.assertEqual(slip.status_code, 200)
        self.assertIn(rma.name, slip.text)
        self.assertIn("Send the parcel to", slip.text)

    def test_nobody_else_prints_the_slip_nor_before_acceptance(self):
        order = self.delivered_order(partner=self.portal.partner_id)
        rma = self.new_rma(order, {self.shoes: 1}, outcome="repair")
        rma.action_request()
        new_test_user(self.env, "rma_repair_other", groups="base.group_portal")
        self.authenticate("rma_repair_other", "rma_repair_other")
        slip = self.url_open(f"/my/returns/{rma.id}?report_type=html")
        self.assertNotIn("Send the parcel to", slip.text, "another customer's slip")
        self.assertNotIn(rma.name, slip.text)
        forged = self.url_open(f"/my/returns/{rma.id}?report_type=html&access_token=forged")
        self.assertNotIn("Send the parcel to", forged.text)
        self.authenticate("rma_repair_customer", "rma_repair_customer")
        slip = self.url_open(f"/my/returns/{rma.id}?report_type=html")
        self.assertNotIn("Send the parcel to", slip.text, "requested, not accepted yet: no slip")
