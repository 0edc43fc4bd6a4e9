from odoo.tests import tagged

from odoo.addons.mass_mailing.tests.common import MassMailCommon


@tagged("post_install", "-at_install")
class TestMarketingConsent(MassMailCommon):
    """A customer who refused the marketing consent is left out of the shop's mailings."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.marketing = cls.env.ref("customer_loyalty.consent_purpose_marketing")
        Partner = cls.env["res.partner"]
        cls.agreed = Partner.create({"name": "Anne Petit", "email": "anne.petit@example.com"})
        cls.refusing = Partner.create({"name": "Paul Martin", "email": "Paul.Martin@Example.com"})
        cls.silent = Partner.create({"name": "Lucie Moreau", "email": "lucie.moreau@example.com"})
        cls.consent(cls.agreed, "accepted")
        cls.consent(cls.refusing, "refused")

    @classmethod
    def consent(cls, partner, status):
        partner.consent_ids.filtered(lambda c: c.purpose_id == cls.marketing).write({"status": status})

    def send(self, model, records):
        mailing = self.env["mailing.mailing"].create(
            {
                "name": "Offres de décembre",
                "subject": "Nos offres",
                "body_html": "<p>Bonjour</p>",
                "mailing_model_id": self.env["ir.model"]._get_id(model),
                "mailing_domain": [("id", "in", records.ids)],
                "mailing_type": "mail",
            }
        )
        with self.mock_mail_gateway(mail_unlink_sent=False):
            mailing.action_send_mail()
        return mailing

    def status_of(self, mailing, email):
        trace = mailing.mailing_trace_ids.filtered(lambda t: (t.email or "").lower() == email)
        return trace.trace_status, trace.failure_type

    def test_a_mailing_to_customers_leaves_out_who_refused(self):
        mailing = self.send("res.partner", self.agreed | self.refusing | self.silent)
        self.assertEqual(self.status_of(mailing, "paul.martin@example.com"), ("cancel", "mail_optout"))
        self.assertEqual(self.status_of(mailing, "anne.petit@example.com")[0], "sent")
        # a consent never given is not a refusal
        self.assertEqual(self.status_of(mailing, "lucie.moreau@example.com")[0], "sent")

    def test_a_mailing_list_leaves_out_the_address_of_who_refused(self):
        contacts = self.env["mailing.contact"].create(
            [
                {"name": "Paul", "email": "paul.martin@example.com"},
                {"name": "Anne", "email": "anne.petit@example.com"},
            ]
        )
        mailing = self.send("mailing.contact", contacts)
        self.assertEqual(self.status_of(mailing, "paul.martin@example.com"), ("cancel", "mail_optout"))
        self.assertEqual(self.status_of(mailing, "anne.petit@example.com")[0], "sent")
