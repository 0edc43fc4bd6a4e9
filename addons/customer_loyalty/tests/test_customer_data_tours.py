from odoo.tests import tagged

from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon


@tagged("post_install", "-at_install")
class TestCustomerDataTours(TestPointOfSaleHttpCommon):
    """The till's customer editor, in French, in headless Chromium: invalid VAT and
    phone numbers refused with the reason, a VAT number another customer has saved
    once confirmed, and a consent recorded from the point of sale."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vidal = cls.env["res.partner"].create({"name": "Atelier Vidal", "is_company": True, "vat": "FR40303265045"})
        cls.newsletter = cls.env["res.partner.consent.purpose"].create(
            {"name": "Lettre d'information", "channel": "email", "sequence": 1}
        )
        # a French shop: numbers without a country are French ones
        cls.main_pos_config.company_id.country_id = cls.env.ref("base.fr")
        # a French cashier who creates customers and records their consents
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms(["customer_loyalty"], ["fr_FR"], overwrite=True)
        cls.pos_user.write(
            {
                "lang": "fr_FR",
                "groups_id": [
                    (4, cls.env.ref("base.group_partner_manager").id),
                    (4, cls.env.ref("customer_loyalty.group_manage_consents").id),
                ],
            }
        )

    def test_customer_editor_checks_data_and_records_consents(self):
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("CustomerDataTour", login="pos_user")
        customer = self.env["res.partner"].search([("name", "=", "Lucie Fabre")])
        self.assertEqual(len(customer), 1)
        self.assertEqual((customer.vat, customer.mobile), ("FR40303265045", "+33 6 12 34 56 78"))
        self.assertEqual(self.vidal.vat, "FR40303265045", "two customers, same VAT number, as the cashier confirmed")
        consent = customer.consent_ids.filtered(lambda consent: consent.purpose_id == self.newsletter)
        self.assertEqual((consent.status, consent.source, consent.user_id), ("accepted", "pos", self.pos_user))
        self.assertTrue(consent.date)
