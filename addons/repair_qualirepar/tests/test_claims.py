from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase

from .common import QualiReparEmulatorsMixin


class TestQualiReparClaims(QualiReparEmulatorsMixin, TransactionCase):
    """Claims go through the shared engine's queue to both eco-organisms' emulators."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_organisms()
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Jeanne Martin",
                "title": cls.env.ref("base.res_partner_title_madam").id,
                "street": "12 rue des Lilas",
                "zip": "69003",
                "city": "Lyon",
                "country_id": cls.env.ref("base.fr").id,
                "email": "jeanne.martin@example.fr",
                "phone": "+33 6 12 34 56 78",
            }
        )

    def setUp(self):
        super().setUp()
        self.start_emulators()
        self.ecosystem._sync_catalog()
        self.ecologic._sync_catalog()

    def make_claims(self, organism, count=1, **values):
        product_type = self.env["qualirepar.product.type"].search([("organism_id", "=", organism.id)], limit=1)
        brand = product_type.brand_ids[:1] or self.env["qualirepar.brand"].search(
            [("organism_id", "=", organism.id)], limit=1
        )
        claims = self.env["eco.bonus.claim"].create(
            [
                {
                    "organism_id": organism.id,
                    "partner_id": self.customer.id,
                    "repair_amount": 189.0,
                    "amount": 50.0,
                    "amount_untaxed": 157.5,
                    "labor_amount": 90.0,
                    "new_parts_amount": 67.5,
                    "qualirepar_product_type_id": product_type.id,
                    "qualirepar_brand_id": brand.id,
                    "qualirepar_repair_code_id": product_type.repair_code_ids[:1].id,
                    "qualirepar_repair_site_id": organism.repair_site_ids[:1].id,
                    "serial_number": f"SN-{i}",
                    "qualirepar_iris_symptom_id": product_type.iris_symptom_ids[:1].id,
                    **values,
                }
                for i in range(count)
            ]
        )
        self.env["ir.attachment"].create(
            [
                {
                    "name": f"facture-{claim.id}.pdf",
                    "raw": b"%PDF-1.4 facture",
                    "mimetype": "application/pdf",
                    "description": "invoice",
                    "res_model": claims._name,
                    "res_id": claim.id,
                }
                for claim in claims
            ]
        )
        return claims

    def retry_due(self, claims):
        claims.filtered(lambda c: c.state == "pending").write(
            {"next_attempt_at": fields.Datetime.now() - timedelta(seconds=1)}
        )

    def test_ecosystem_claim_created_uploaded_and_confirmed(self):
        claim = self.make_claims(self.ecosystem)
        claim._send_one()
        self.assertEqual(claim.state, "sent", claim.review_reason)
        sent = self.ecosystem_api.claims[claim.external_id]
        self.assertEqual(sent["status"], "Envoyé, en cours vérification")
        body = sent["body"]
        self.assertEqual(body["PurchaseOrderByCustomer"], claim.name)
        self.assertEqual(body["Customer"]["LastName"], "Martin")
        self.assertEqual(body["Customer"]["FirstName"], "Jeanne")
        self.assertEqual(body["Product"]["ProductIdentificationNumber"], "SN-0")
        currency = self.env.company.currency_id.name
        self.assertEqual(
            body["Bill"],
            {
                "TotalAmountInclVAT": {"amount": 189.0, "currency": currency},
                "AmountCovered": {"amount": 50.0, "currency": currency},
                "AmountBeforeTax": {"amount": 157.5, "currency": currency},
                "LaborCost": {"amount": 90.0, "currency": currency},
                "SparePartsCost": {"amount": 67.5, "currency": currency},
            },
        )
        self.assertEqual(body["RepairerId"], "2104242")
        self.assertEqual(list(sent["files"].values()), [("invoice", b"%PDF-1.4 facture")])

    def test_ecologic_claim_created_attached_and_submitted(self):
        claim = self.make_claims(self.ecologic)
        claim._send_one()
        self.assertEqual(claim.state, "sent", claim.review_reason or claim.last_error)
        sent = self.ecologic_api.claim(claim.external_id)
        self.assertEqual(sent["status"], "WAITING")
        self.assertEqual(claim.external_status, "WAITING")
        self.assertEqual(sent["query"]["ConsumerInvoiceNumber"], claim.name)
        consumer = sent["body"]["Consumer"]
        self.assertEqual(
            (consumer["Zip"], consumer["StreetNumber"], consumer["Address1"]), ("69003", "12", "rue des Lilas")
        )
        self.assertEqual((consumer["Title"], consumer["Country"]), (2, 250), "integers, as S1 sends them (2: Madame)")
        product = sent["body"]["Product"]
        self.assertEqual((product["IRISSymptom"], product["SerialNumber"]), ("S01", "SN-0"))
        self.assertEqual(sent["body"]["Quote"]["LaborCost"]["Amount"], 90.0, "excluding VAT")
        self.assertEqual(sent["body"]["Quote"]["TotalAmountExclVAT"]["Amount"], 157.5)
        # in the company's currency: euros for a French shop, dollars on a database
        # Odoo makes without a country
        currency = self.env.company.currency_id.name
        self.assertEqual(sent["body"]["Quote"]["SupportAmount"], {"Amount": 50.0, "Currency": currency})
        self.assertEqual([kind for kind, _c in sent["files"].values()], ["INVOICE"])
        self.assertEqual(sent["attach_calls"], 1)

    def test_an_incomplete_ecologic_claim_lists_what_is_missing(self):
        # HTTP 206: Ecologic creates the claim and lists what it lacks
        claim = self.make_claims(self.ecologic, serial_number=False)
        claim._send_one()
        self.assertEqual(claim.state, "to_review")
        self.assertIn("Product.SerialNumber", claim.review_reason)
        self.assertNotIn("pièces jointes", claim.review_reason, "the files are attached next, not missing")
        self.assertEqual(len(self.ecologic_api.claims), 1)
        self.assertTrue(claim.external_id)
        self.assertTrue(claim.qualirepar_update_claim)
        # completed here, it is updated on Ecologic (never created twice), then submitted
        claim.write({"serial_number": "SN-9"})
        claim.action_send_now()
        claim._send_one()
        self.assertEqual(claim.state, "sent", claim.review_reason or claim.last_error)
        sent = self.ecologic_api.claim(claim.external_id)
        self.assertEqual(len(self.ecologic_api.claims), 1)
        self.assertEqual((sent["updates"], sent["body"]["Product"]["SerialNumber"]), (1, "SN-9"))
        self.assertFalse(claim.qualirepar_update_claim)

    def test_a_claim_failing_after_creation_is_resumed_not_duplicated(self):
        for organism, api, step in (
            (self.ecosystem, self.ecosystem_api, ".*/confirm-claim"),
            (self.ecologic, self.ecologic_api, ".*/submitclaim"),
        ):
            claim = self.make_claims(organism)
            api.fail_next("POST", step, status=503)
            claim._send_one()
            self.assertEqual(claim.state, "pending")
            self.assertTrue(claim.external_id, "the claim created on the service is remembered")
            self.retry_due(claim)
            claim._send_one()
            self.assertEqual(claim.state, "sent")
            self.assertEqual(len(api.claims), 1, organism.name)

    def test_a_lost_answer_to_the_creation_is_found_again(self):
        claim = self.make_claims(self.ecosystem)
        self.ecosystem_api.fail_next("POST", "/reimbursement-claims/new_claim", delay=3, after=True)
        claim._send_one()
        self.assertEqual(claim.state, "pending")
        self.assertFalse(claim.external_id)
        self.retry_due(claim)
        claim._send_one()
        self.assertEqual(claim.state, "sent")
        self.assertEqual(list(self.ecosystem_api.claims), [claim.external_id])

    def test_forty_claims_through_flaky_services_all_arrive_once(self):
        claims = self.make_claims(self.ecosystem, 20) | self.make_claims(self.ecologic, 20)
        self.ecosystem_api.fail_ratio(0.3, seed=3)
        self.ecologic_api.fail_ratio(0.3, seed=4)
        for _round in range(30):
            self.env["eco.bonus.claim"]._cron_send_pending()
            if set(claims.mapped("state")) == {"sent"}:
                break
            self.retry_due(claims)
        self.assertEqual(set(claims.mapped("state")), {"sent"})
        self.assertEqual(len(self.ecosystem_api.claims), 20)
        self.assertEqual(len(self.ecologic_api.claims), 20)
        self.assertEqual(len(set(claims.mapped("external_id"))), 40)

    def test_statuses_paid_and_refused(self):
        ecosystem_claim, ecologic_claim = self.make_claims(self.ecosystem) | self.make_claims(self.ecologic)
        (ecosystem_claim | ecologic_claim)._send()
        self.ecosystem_api.set_status(ecosystem_claim.external_id, "Remboursement effectué")
        self.ecologic_api.set_status(ecologic_claim.external_id, "NOTCONFORM", comment="Plaque signalétique illisible")
        self.env["eco.bonus.claim"]._cron_poll_status()
        self.assertEqual(ecosystem_claim.state, "paid")
        self.assertEqual(ecosystem_claim.paid_amount, 50.0)
        self.assertEqual(ecologic_claim.state, "refused")
        self.assertEqual(ecologic_claim.refusal_reason, "Plaque signalétique illisible")
        self.ecologic_api.set_status(ecologic_claim.external_id, "CLOSEDACCEPTED")
        ecologic_claim.write({"state": "accepted"})
        self.env["eco.bonus.claim"]._cron_poll_status()
        self.assertEqual(ecologic_claim.state, "paid")

    def test_ecologic_computes_the_bonus(self):
        client = self.ecologic._eco_client()
        self.assertEqual(client.compute_bonus(189.0, "EB-1", "EL-LL", "R01"), 50.0)
        self.assertEqual(client.compute_bonus(40.0, "EB-1", "EL-LL", "R01"), 0.0)
        self.assertEqual(client.compute_bonus(189.0, "EB-1", "EL-LL", "R99"), 0.0, "not a code of this type")
