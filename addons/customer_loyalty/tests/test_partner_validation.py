from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPartnerValidation(TransactionCase):
    """Checks applied when a person saves the customer form (back office, or the
    till's customer editor, which is the same form)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.france = cls.env.ref("base.fr")
        cls.cashier = new_test_user(
            cls.env,
            "cashier_validation",
            groups="base.group_user,base.group_partner_manager,point_of_sale.group_pos_user",
        )
        cls.manager = new_test_user(
            cls.env, "manager_validation", groups="base.group_user,point_of_sale.group_pos_manager"
        )
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms(["customer_loyalty"], ["fr_FR"], overwrite=True)

    def save_customer(self, user=None, lang="en_US", **values):
        form = Form(self.env["res.partner"].with_user(user or self.cashier).with_context(lang=lang))
        form.name = values.pop("name", "Jeanne Martin")
        form.country_id = self.france
        for fname, value in values.items():
            setattr(form, fname, value)
        return form.save()

    def count(self, name="Jeanne Martin"):
        return self.env["res.partner"].search_count([("name", "=", name)])

    def test_vat_checksum(self):
        with self.assertRaisesRegex(ValidationError, "FR00123456789 is not a valid VAT number"):
            self.save_customer(vat="FR00123456789")
        self.assertEqual(self.count(), 0, "nothing is written")
        customer = self.save_customer(vat="FR 40 303 265 045")
        self.assertEqual(customer.vat, "FR40303265045")

    def test_vat_message_in_french(self):
        with self.assertRaisesRegex(ValidationError, "FR00123456789 n'est pas un numéro de TVA valide"):
            self.save_customer(lang="fr_FR", vat="FR00123456789")

    def test_duplicate_vat_is_confirmed_by_the_cashier(self):
        first = self.save_customer(name="Atelier Vidal", company_type="company", vat="FR40303265045")
        with self.assertRaisesRegex(ValidationError, "Atelier Vidal already has the VAT number FR40303265045"):
            self.save_customer(name="Atelier Vidal Lyon", company_type="company", vat="FR40303265045")
        self.assertEqual(self.count("Atelier Vidal Lyon"), 0)
        second = self.save_customer(
            name="Atelier Vidal Lyon", company_type="company", vat="FR40303265045", confirm_duplicate_vat=True
        )
        self.assertEqual((first.vat, second.vat), ("FR40303265045", "FR40303265045"))

    def test_siret(self):
        with self.assertRaisesRegex(ValidationError, "73282932000075 is not a valid SIRET number"):
            self.save_customer(company_type="company", company_registry="73282932000075")
        customer = self.save_customer(company_type="company", company_registry="732 829 320 00074")
        self.assertEqual(customer.company_registry, "73282932000074")

    def test_phone_numbers(self):
        with self.assertRaisesRegex(ValidationError, "06 12 34 is not a valid phone number"):
            self.save_customer(mobile="06 12 34")
        with self.assertRaisesRegex(ValidationError, "06 12 34 n'est pas un numéro de téléphone valide"):
            self.save_customer(lang="fr_FR", phone="06 12 34")
        self.assertEqual(self.count(), 0)
        customer = self.save_customer(mobile="06 12 34 56 78", phone="04.78.12.34.56")
        self.assertEqual((customer.mobile, customer.phone), ("+33 6 12 34 56 78", "+33 4 78 12 34 56"))
        form = Form(customer.with_user(self.cashier))
        form.mobile = "07 1"
        with self.assertRaisesRegex(ValidationError, "07 1 is not a valid phone number"):
            form.save()
        customer.invalidate_recordset()
        self.assertEqual(customer.mobile, "+33 6 12 34 56 78", "the number on file is unchanged")

    def test_code_creating_partners_is_not_checked(self):
        # imports and other modules create partners as they come (demo data, tests, connectors)
        partner = self.env["res.partner"].create({"name": "Paul Durand", "mobile": "06 12", "company_registry": "1234"})
        self.assertEqual((partner.mobile, partner.company_registry), ("06 12", "1234"))

    def test_mandatory_fields_per_customer_type(self):
        Required = self.env["res.partner.required.field"]
        with self.assertRaises(AccessError):
            Required.with_user(self.cashier).create({"company_type": "person", "field_name": "email"})
        offered = dict(Required._fields["field_name"]._description_selection(self.env))
        self.assertIn("mobile", offered)
        self.assertNotIn("name", offered, "only the fields a shop asks its customers can be made mandatory")
        Required.with_user(self.manager).create({"company_type": "person", "field_name": "email"})
        Required.with_user(self.manager).create({"company_type": "company", "field_name": "vat"})
        with self.assertRaisesRegex(ValidationError, "Missing for this customer: Email."):
            self.save_customer()
        with self.assertRaisesRegex(ValidationError, "Missing for this customer: Tax ID."):
            self.save_customer(name="Atelier Vidal", company_type="company", email="contact@vidal.fr")
        self.assertEqual(self.save_customer(email="jeanne@example.com").email, "jeanne@example.com")
        self.assertTrue(self.save_customer(name="Atelier Vidal", company_type="company", vat="FR40303265045"))
