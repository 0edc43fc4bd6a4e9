from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestConsentPortal(HttpCase):
    """A customer changes their consents on the portal, and only theirs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.newsletter = cls.env["res.partner.consent.purpose"].create(
            {"name": "Lettre d'information", "channel": "email", "description": "<p>Nos offres du mois.</p>"}
        )
        cls.portal_user = new_test_user(cls.env, "consent_portal", groups="base.group_portal", email="anne@example.com")
        cls.other = cls.env["res.partner"].create({"name": "Paul Martin", "email": "paul@example.com"})

    def csrf_token(self):
        page = self.url_open("/my/consents")
        return page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]

    def consent(self, partner):
        return partner.consent_ids.filtered(lambda consent: consent.purpose_id == self.newsletter)

    def test_the_customer_reads_and_changes_their_consents(self):
        self.authenticate("consent_portal", "consent_portal")
        page = self.url_open("/my/consents")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Nos offres du mois.", page.text)
        mine = self.consent(self.portal_user.partner_id)
        theirs = self.consent(self.other)
        response = self.url_open(
            "/my/consents",
            data={
                "csrf_token": self.csrf_token(),
                f"consent_{mine.id}": "refused",
                # another customer's consent, forged into the form: left as it is
                f"consent_{theirs.id}": "accepted",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Your choices are saved.", response.text)
        mine.invalidate_recordset()
        self.assertEqual((mine.status, mine.source, mine.user_id), ("refused", "portal", self.portal_user))
        self.assertTrue(mine.date)
        self.assertEqual(theirs.status, "unknown")
        self.assertIn("(Customer portal)", self.portal_user.partner_id.message_ids[:1].body)

    def test_an_anonymous_visitor_is_asked_to_log_in(self):
        response = self.url_open("/my/consents", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])

    def test_a_consent_without_its_address_is_refused_with_the_reason(self):
        self.portal_user.partner_id.email = False
        self.authenticate("consent_portal", "consent_portal")
        mine = self.consent(self.portal_user.partner_id)
        response = self.url_open(
            "/my/consents", data={"csrf_token": self.csrf_token(), f"consent_{mine.id}": "accepted"}
        )
        self.assertIn("cannot accept", response.text)
        mine.invalidate_recordset()
        self.assertEqual(mine.status, "unknown")
