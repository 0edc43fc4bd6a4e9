from odoo import Command
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


@tagged("post_install", "-at_install")
class TestEInvoiceConsent(AccountTestInvoicingCommon):
    """Where the shop asks for it, invoices are e-mailed only with the E-invoices consent."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.e_invoices = cls.env.ref("customer_loyalty.consent_purpose_e_invoices")
        cls.customer = cls.env["res.partner"].create({"name": "Anne Petit", "email": "anne.petit@example.com"})

    def invoice(self):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_line_ids": [Command.create({"name": "Ressemelage", "price_unit": 59.0, "tax_ids": []})],
            }
        )
        invoice.action_post()
        return invoice

    def consent(self, status):
        consent = self.customer.consent_ids.filtered(lambda c: c.purpose_id == self.e_invoices)
        consent.write({"status": status})

    def mails_of(self, invoice):
        """The e-mails of the invoice to its customer (the message Odoo posts to send it)."""
        return invoice.message_ids.filtered(lambda m: m.message_type == "comment" and self.customer in m.partner_ids)

    def send(self, invoice):
        self.env["account.move.send"]._generate_and_send_invoices(invoice, sending_methods={"email"})

    def test_without_the_setting_invoices_are_e_mailed_as_in_odoo(self):
        invoice = self.invoice()
        self.assertTrue(self.env["account.move.send"]._is_applicable_to_move("email", invoice))
        self.send(invoice)
        self.assertTrue(self.mails_of(invoice))

    def test_with_the_setting_an_invoice_is_e_mailed_only_with_the_consent(self):
        self.env.company.invoice_email_needs_consent = True
        Send = self.env["account.move.send"]
        refused = self.invoice()
        self.consent("refused")
        self.assertFalse(Send._is_applicable_to_move("email", refused))
        settings = Send._get_default_sending_settings(refused, sending_methods={"email"})
        alerts = Send._get_alerts(refused, {refused: settings})
        self.assertIn("customer_loyalty_no_e_invoice_consent", alerts)
        self.send(refused)
        self.assertFalse(self.mails_of(refused), "a customer who refused gets the invoice on paper")
        self.assertTrue(refused.invoice_pdf_report_id, "the PDF is made all the same, to print")
        self.consent("accepted")
        accepted = self.invoice()
        self.assertTrue(Send._is_applicable_to_move("email", accepted))
        self.send(accepted)
        self.assertTrue(self.mails_of(accepted))

    def test_the_contact_s_own_refusal_wins_over_their_company_s_consent(self):
        self.env.company.invoice_email_needs_consent = True
        company = self.env["res.partner"].create(
            {"name": "Atelier Petit", "is_company": True, "email": "compta@atelier-petit.example.com"}
        )
        self.customer.parent_id = company
        company.consent_ids.filtered(lambda c: c.purpose_id == self.e_invoices).write({"status": "accepted"})
        Send = self.env["account.move.send"]
        invoice = self.invoice()
        self.assertTrue(Send._is_applicable_to_move("email", invoice), "no answer of their own: the company's")
        self.consent("refused")
        self.assertFalse(Send._is_applicable_to_move("email", invoice))
