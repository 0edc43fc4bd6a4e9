from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.point_of_sale.tests.common import TestPoSCommon


@tagged("post_install", "-at_install")
class TestAnonymisation(TestPoSCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.config = cls.basic_config
        cls.cashier = new_test_user(cls.env, "cashier_anonymise", groups="base.group_user,point_of_sale.group_pos_user")
        cls.manager = new_test_user(
            cls.env, "manager_anonymise", groups="base.group_user,point_of_sale.group_pos_manager"
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Atelier Vidal",
                "is_company": True,
                "email": "contact@vidal.fr",
                "phone": "+33 4 78 12 34 56",
                "street": "4 place Bellecour",
                "zip": "69002",
                "city": "Lyon",
                "vat": "FR40303265045",
            }
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Paul Vidal", "parent_id": cls.customer.id, "mobile": "+33 6 12 34 56 78"}
        )
        cls.product = cls.create_product("Ressemelage", cls.categ_basic, 50.0, tax_ids=[])
        program = cls.env["loyalty.program"].create(
            {"name": "Carte fidélité", "program_type": "loyalty", "trigger": "auto", "applies_on": "both"}
        )
        cls.card = cls.env["loyalty.card"].create(
            {"program_id": program.id, "partner_id": cls.contact.id, "code": "CARD-4242", "points": 12}
        )
        cls.env["loyalty.history"].create({"card_id": cls.card.id, "description": "Achat", "issued": 12})

    def invoice(self, partner):
        return self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_line_ids": [
                    Command.create({"name": "Réparation", "quantity": 1, "price_unit": 120.0, "tax_ids": []})
                ],
            }
        )

    def test_anonymise_keeps_legal_documents(self):
        self.open_new_session()
        order_data = self.create_ui_order_data([(self.product, 2)], customer=self.contact)
        order = self.env["pos.order"].browse(self.env["pos.order"].sync_from_ui([order_data])["pos.order"][0]["id"])
        invoice = self.invoice(self.customer)
        invoice.action_post()
        self.customer.consent_ids[:1].status = "accepted"
        # a purpose no longer asked: its answers are personal data all the same
        self.env["res.partner.consent.purpose"].create({"name": "Ancienne finalité"}).active = False

        self.customer.with_user(self.manager).action_anonymise()

        for partner in self.customer | self.contact:
            self.assertEqual(partner.name, f"Anonymised customer #{partner.id}")
            self.assertFalse(partner.active)
            self.assertTrue(partner.is_anonymised)
            self.assertFalse(partner.email or partner.phone or partner.mobile or partner.street or partner.city)
            self.assertFalse(partner.vat)
            self.assertFalse(partner.with_context(active_test=False).consent_ids)
        self.assertFalse(
            self.env["res.partner.consent"].search([("partner_id", "in", [self.customer.id, self.contact.id])])
        )
        self.assertFalse(self.customer.message_ids.filtered(lambda m: "Consent" in str(m.body)))
        # the card keeps its points and history, not its number
        self.assertEqual(self.card.code, f"ANON-{self.card.id}")
        self.assertFalse(self.card.active)
        self.assertEqual(self.card.points, 12)
        self.assertEqual(self.card.history_ids.mapped("issued"), [12])
        # legal documents stay, with their amounts
        self.assertEqual((order.state, order.amount_total, order.partner_id), ("paid", 100.0, self.contact))
        self.assertEqual((invoice.state, invoice.amount_total, invoice.partner_id), ("posted", 120.0, self.customer))

    def test_anonymised_customer_cannot_be_used_again(self):
        self.customer.action_anonymise()
        with self.assertRaisesRegex(ValidationError, "This customer's data has been anonymised"):
            self.invoice(self.customer)
        with self.assertRaisesRegex(ValidationError, "anonymised"):
            self.invoice(self.env["res.partner"].create({"name": "Autre"})).partner_id = self.contact
        self.env["res.lang"]._activate_lang("fr_FR")
        with self.assertRaisesRegex(
            ValidationError, "Les données de ce client ont été anonymisées : il ne peut plus être utilisé."
        ):
            self.customer.with_context(lang="fr_FR")._check_not_anonymised()
        # a till offline since sold to them: the paid order is kept, not invoiced
        self.open_new_session()
        order_data = self.create_ui_order_data([(self.product, 1)], customer=self.contact, is_invoiced=True)
        synced = self.env["pos.order"].sync_from_ui([order_data])["pos.order"][0]["id"]
        order = self.env["pos.order"].browse(synced)
        self.assertEqual(
            (order.state, order.amount_total, order.account_move), ("paid", 50.0, self.env["account.move"])
        )
        self.assertIn("anonymised meanwhile", order.message_ids[0].body)

    def test_a_credit_note_refunds_an_anonymised_customer(self):
        invoice = self.invoice(self.customer)
        invoice.action_post()
        self.customer.action_anonymise()
        reversal = invoice._reverse_moves()
        self.assertEqual((reversal.move_type, reversal.amount_total), ("out_refund", 120.0))

    def test_anonymised_customer_is_not_in_the_till(self):
        self.open_new_session()
        session = self.pos_session
        # a customer with till receipts is among those the till loads first
        order_data = self.create_ui_order_data([(self.product, 1)], customer=self.customer)
        self.env["pos.order"].sync_from_ui([order_data])
        loaded = session.with_user(self.cashier).load_data(["pos.config", "pos.order", "res.partner"], only_data=True)
        self.assertIn(self.customer.id, [p["id"] for p in loaded["res.partner"]["data"]])
        self.customer.with_user(self.manager).action_anonymise()
        loaded = session.with_user(self.cashier).load_data(["pos.config", "pos.order", "res.partner"], only_data=True)
        self.assertNotIn(self.customer.id, [p["id"] for p in loaded["res.partner"]["data"]])
        # nor found by the till's search of the server
        found = self.env["res.partner"].with_user(self.cashier).search_read([("name", "ilike", "Anonymised")], ["id"])
        self.assertNotIn(self.customer.id, [p["id"] for p in found])

    def test_only_authorised_users_anonymise(self):
        with self.assertRaises(AccessError):
            self.customer.with_user(self.cashier).action_anonymise()
        self.assertEqual(self.customer.name, "Atelier Vidal")
        self.assertTrue(self.customer.active)
        anonymiser = new_test_user(
            self.env,
            "anonymiser",
            groups="base.group_user,base.group_partner_manager,customer_loyalty.group_anonymise_customers",
        )
        self.customer.with_user(anonymiser).action_anonymise()
        self.assertTrue(self.customer.is_anonymised)

    def test_anonymisation_leaves_nothing_behind(self):
        # the customer changed their e-mail (tracked), bought at the till with their
        # e-mail and phone on the receipt, their card and receipt carry messages
        self.customer.write({"email": "ancien@vidal.fr"})
        self.customer.write({"email": "contact@vidal.fr"})
        self.open_new_session()
        order_data = self.create_ui_order_data([(self.product, 1)], customer=self.contact)
        order = self.env["pos.order"].browse(self.env["pos.order"].sync_from_ui([order_data])["pos.order"][0]["id"])
        order.write({"email": "paul@vidal.fr", "mobile": "+33 6 12 34 56 78"})
        order.message_post(body="Reçu envoyé à Paul Vidal (paul@vidal.fr)")
        self.card.message_post(body="Carte CARD-4242 remise à Paul Vidal")
        invoice = self.invoice(self.customer)
        invoice.action_post()

        self.customer.with_user(self.manager).action_anonymise()

        personal = ["Vidal", "vidal.fr", "78 12 34 56", "12 34 56 78", "Bellecour", "CARD-4242", "FR40303265045"]
        trackings = self.env["mail.tracking.value"].sudo().search([])
        for value in personal:
            with self.subTest(value=value):
                self.assertFalse(
                    trackings.filtered(
                        lambda t, v=value: (
                            v in f"{t.old_value_char} {t.new_value_char} {t.old_value_text} {t.new_value_text}"
                        )
                    ),
                    "no tracked value keeps it",
                )
                messages = (
                    self.env["mail.message"]
                    .sudo()
                    .search(
                        [
                            "|",
                            "|",
                            "&",
                            ("model", "=", "res.partner"),
                            ("res_id", "in", (self.customer | self.contact).ids),
                            "&",
                            ("model", "=", "loyalty.card"),
                            ("res_id", "=", self.card.id),
                            "&",
                            ("model", "=", "pos.order"),
                            ("res_id", "=", order.id),
                        ]
                    )
                )
                self.assertFalse(messages.filtered(lambda m, v=value: v in str(m.body)), "no message says it")
        self.assertFalse(order.email or order.mobile, "the receipt's e-mail and phone are scrubbed")
        self.assertEqual((order.state, order.amount_total), ("paid", 50.0), "the receipt keeps its amounts")
        # their open invoice is still paid
        self.env["account.payment.register"].with_context(active_model="account.move", active_ids=invoice.ids).create(
            {}
        )._create_payments()
        self.assertEqual(invoice.payment_state, "paid")
