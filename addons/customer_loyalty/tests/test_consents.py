from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestConsents(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Purpose = cls.env["res.partner.consent.purpose"]
        cls.processing = Purpose.create({"name": "Suivi des réparations", "channel": "none", "sequence": 1})
        cls.newsletter = Purpose.create(
            {
                "name": "Lettre d'information",
                "channel": "email",
                "sequence": 2,
                "description": "<p>Nos offres du mois.</p>",
            }
        )
        cls.sms = Purpose.create({"name": "Rappels par SMS", "channel": "sms", "sequence": 3})
        cls.cashier = new_test_user(
            cls.env, "cashier_no_consent", groups="base.group_user,point_of_sale.group_pos_user"
        )
        cls.consent_cashier = new_test_user(
            cls.env,
            "cashier_consent",
            # a cashier who edits customers (Contact Creation) and records their consents
            groups="base.group_user,base.group_partner_manager,point_of_sale.group_pos_user,"
            "customer_loyalty.group_manage_consents",
        )
        cls.manager = new_test_user(
            cls.env,
            "pos_manager_consent",
            groups="base.group_user,base.group_partner_manager,point_of_sale.group_pos_manager",
        )
        cls.customer = cls.env["res.partner"].create({"name": "Jeanne Martin", "email": "jeanne@example.com"})

    def consent(self, partner, purpose):
        return partner.consent_ids.filtered(lambda consent: consent.purpose_id == purpose)

    def test_new_customer_starts_unknown(self):
        partner = self.env["res.partner"].create({"name": "Paul Durand"})
        self.assertEqual(
            [
                (c.purpose_id, c.status)
                for c in partner.consent_ids
                if c.purpose_id in self.processing | self.newsletter | self.sms
            ],
            [(self.processing, "unknown"), (self.newsletter, "unknown"), (self.sms, "unknown")],
        )
        self.assertFalse(self.consent(partner, self.newsletter).date)

    def test_a_new_purpose_reaches_every_customer(self):
        purpose = self.env["res.partner.consent.purpose"].create({"name": "Enquête de satisfaction"})
        self.assertEqual(self.consent(self.customer, purpose).status, "unknown")
        archived = self.env["res.partner.consent.purpose"].create({"name": "Ancienne finalité", "active": False})
        self.assertFalse(self.consent(self.customer, archived), "an archived purpose is not shown")

    def test_channel_consent_needs_the_channel_address(self):
        partner = self.env["res.partner"].create({"name": "Paul Durand"})
        with self.assertRaisesRegex(ValidationError, "cannot accept Lettre d'information without an e-mail address"):
            self.consent(partner, self.newsletter).status = "accepted"
        with self.assertRaisesRegex(ValidationError, "without a mobile number"):
            self.consent(partner, self.sms).status = "accepted"
        self.consent(partner, self.processing).status = "accepted"  # no channel: no address needed
        self.consent(partner, self.newsletter).status = "refused"  # refusing needs no address
        partner.mobile = "+33 6 12 34 56 78"
        self.consent(partner, self.sms).status = "accepted"
        with self.assertRaisesRegex(ValidationError, "without a mobile number"):
            partner.mobile = False

    def test_change_records_date_source_and_user(self):
        form = Form(self.customer.with_user(self.consent_cashier))
        with form.consent_ids.edit(self._line(form, self.newsletter)) as line:
            line.status = "accepted"
        form.save()
        consent = self.consent(self.customer, self.newsletter)
        self.assertEqual(consent.status, "accepted")
        self.assertEqual(consent.source, "backend")
        self.assertEqual(consent.user_id, self.consent_cashier)
        self.assertTrue(consent.date)
        self.assertIn("Consent Lettre d'information: Accepted (Back office).", str(self.customer.message_ids[0].body))
        # the till's customer editor opens the same form with the point of sale as source
        form = Form(self.customer.with_user(self.manager).with_context(consent_source="pos"))
        with form.consent_ids.edit(self._line(form, self.newsletter)) as line:
            line.status = "refused"
        form.save()
        self.assertEqual((consent.status, consent.source, consent.user_id), ("refused", "pos", self.manager))

    def _line(self, form, purpose):
        # the form lists the consents in the order of the field
        return list(self.customer.consent_ids).index(self.consent(self.customer, purpose))

    def test_cashier_without_the_right_cannot_change_consents(self):
        consent = self.consent(self.customer, self.newsletter)
        self.assertFalse(self.customer.with_user(self.cashier).can_manage_consents)
        self.assertEqual(consent.with_user(self.cashier).status, "unknown", "a cashier sees the consents")
        with self.assertRaises(AccessError):
            consent.with_user(self.cashier).status = "accepted"
        with self.assertRaises(AccessError):
            self.customer.with_user(self.cashier).write({"consent_ids": [(1, consent.id, {"status": "accepted"})]})
        self.assertEqual(consent.status, "unknown")
        self.assertTrue(self.customer.with_user(self.consent_cashier).can_manage_consents)

    def test_printable_consent_form(self):
        self.consent(self.customer, self.newsletter).status = "accepted"
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("customer_loyalty.consent_form_report", self.customer.ids)[0]
            .decode()
        )
        self.assertIn("Jeanne Martin", html)
        self.assertIn("Nos offres du mois.", html)
        self.assertRegex(html, r"Lettre d'information|Lettre d&#39;information")
        self.assertIn("Accepted", html)
        self.assertRegex(html, r"Customer's signature|Customer&#39;s signature")
