import base64
from datetime import date, datetime, timedelta

import requests
from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, TransactionCase, new_test_user, tagged

from odoo.addons.eco_bonus_claim.services.client import EcoRejectedError

from .common import QualiReparEmulatorsMixin
from .ecologic_emulator import ECOSYSTEM_ORG_ID, shape_errors

PNG = base64.b64encode(
    base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC")
)


# after every module's install: the company needs its chart of accounts for the invoices
@tagged("post_install", "-at_install")
class TestEcologic(QualiReparEmulatorsMixin, TransactionCase):
    """Ecologic's side, against the emulator of the shapes its public clients met:
    catalogue, routing, the bonus it computes, claims from the repair's invoice to
    their payment or refusal, and the correction of a refused claim."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_organisms()
        cls.manager = new_test_user(cls.env, "el_manager", groups="repair_qualirepar.group_repair_manager")
        cls.technician = new_test_user(cls.env, "el_technician", groups="repair_qualirepar.group_repair_technician")
        cls.ecologic.responsible_id = cls.manager
        cls.tax = cls.env["account.tax"].create({"name": "TVA 20 %", "amount": 20.0, "type_tax_use": "sale"})
        cls.device = cls.env["product.product"].create({"name": "Lave-linge client", "type": "consu"})
        cls.service = cls.env["product.product"].create(
            {
                "name": "Main d'œuvre lave-linge",
                "type": "service",
                "invoice_policy": "order",
                "taxes_id": [Command.set(cls.tax.ids)],
            }
        )
        cls.pump = cls.env["product.product"].create(
            {
                "name": "Pompe de vidange",
                "default_code": "PMP-01",
                "type": "consu",
                "invoice_policy": "order",
                "taxes_id": [Command.set(cls.tax.ids)],
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Jeanne Martin",
                "title": cls.env.ref("base.res_partner_title_madam").id,
                "street": "12 rue des Lilas",
                "zip": "69003",
                "city": "Lyon",
                "country_id": cls.env.ref("base.fr").id,
                "email": "jeanne.martin@example.fr",
            }
        )

    def setUp(self):
        super().setUp()
        self.start_emulators()
        # a shop labelled with Ecologic only
        self.ecosystem.active = False
        self.ecologic._sync_catalog()
        self.washer = self.env["qualirepar.product.type"].search([("organism_id", "=", self.ecologic.id)])
        self.brand = self.env["qualirepar.brand"].search([("organism_id", "=", self.ecologic.id)])

    def repair(self, labour=100.0, pump=40.0, **values):
        repair = self.env["repair.order"].create(
            {
                "partner_id": self.customer.id,
                "product_id": self.device.id,
                "qualirepar_product_type_id": self.washer.id,
                "qualirepar_brand_id": self.brand.id,
                "device_serial": "SN-EL-0001",
                "qualirepar_repair_code_id": self.washer.repair_code_ids[:1].id,
                "qualirepar_iris_symptom_id": self.washer.iris_symptom_ids[:1].id,
                "qualirepar_repair_site_id": self.ecologic.repair_site_ids.id,
                "nameplate_photo": PNG,
                "device_photo": PNG,
                "customer_validation": base64.b64encode(b"%PDF-1.4 bon pour accord"),
                "customer_validation_name": "accord.pdf",
                **values,
            }
        )
        repair.action_create_sale_order()
        lines = [(self.service, labour)] + ([(self.pump, pump)] if pump else [])
        self.env["sale.order.line"].create(
            [{"order_id": repair.sale_order_id.id, "product_id": p.id, "price_unit": price} for p, price in lines]
        )
        return repair

    def invoiced_claim(self, repair, ended=None):
        """Quote confirmed, repair done (on ``ended``), invoice posted: the claim it creates."""
        self.repaired(repair, ended)
        invoice = repair.sale_order_id._create_invoices()
        invoice.action_post()
        return invoice.eco_bonus_claim_ids

    def repaired(self, repair, ended=None):
        repair.sale_order_id.action_confirm()
        with freeze_time(ended or datetime.now()):
            repair.action_validate()
            repair.control_answer_ids.filtered(lambda a: a.stage == "check_in").write({"result": "ok"})
            repair.action_repair_start()
            repair.control_answer_ids.filtered(lambda a: a.stage == "check_out").write({"result": "ok"})
            repair.action_repair_end()
        return repair

    def sent_claim(self):
        claim = self.invoiced_claim(self.repair())
        self.env["eco.bonus.claim"].with_context(force_report_rendering=False)._cron_send_pending()
        self.assertEqual(claim.state, "sent", claim.review_reason or claim.last_error)
        return claim

    # -- catalogue ----------------------------------------------------------------------
    def test_synchronisation_keeps_codes_symptoms_dates_and_the_bonus(self):
        self.assertEqual((self.washer.name, self.washer.external_id), ("Lave-linge", "EL-LL"))
        self.assertEqual(fields.Date.to_string(self.washer.eligible_from), "2022-12-15")
        self.assertFalse(self.washer.eligible_until)
        self.assertEqual(self.washer.repair_code_ids.mapped("code"), ["R01", "R02"])
        self.assertEqual(
            self.washer.iris_symptom_ids.mapped("display_name"), ["S01 - Ne vidange pas", "S02 - Bruyant à l'essorage"]
        )
        self.assertEqual(self.brand.name, "Marque 0")
        site = self.ecologic.repair_site_ids
        self.assertEqual((site.external_id, site.name), ("RS-1", "Atelier du centre"), "SiteId, CommercialName")
        today = fields.Date.context_today(self.washer)
        self.assertEqual(self.washer._amount_on("bonus", today), 50.0)
        # the same answer again writes nothing
        self.assertFalse(+self.ecologic._sync_catalog())
        # a changed bonus applies from today; the days before keep theirs
        self.ecologic_api.amounts["EL-LL"] = 60.0
        self.ecologic._sync_catalog()
        self.washer.invalidate_recordset()
        self.assertEqual(self.washer._amount_on("bonus", today), 60.0)
        self.assertEqual(self.washer._amount_on("bonus", today - timedelta(days=1)), 50.0)
        self.assertEqual(self.washer._amount_on("bonus", self.washer.eligible_from), 50.0)

    def test_an_empty_or_malformed_answer_archives_nothing(self):
        self.ecologic_api.product_types = []
        with self.assertRaises(UserError) as caught:
            self.ecologic.with_user(self.manager).action_sync_catalog()
        self.assertIn("printproducttypewithlabellist answered no entries", str(caught.exception))
        self.assertTrue(self.washer.active)
        self.assertEqual(len(self.washer.repair_code_ids), 2)
        self.assertEqual(len(self.washer.iris_symptom_ids), 2)
        self.assertTrue(self.ecologic.repair_site_ids)
        # the nightly job says so on the account, and changes nothing either
        self.ecologic_api.product_types = [{"ProductId": "EL-LL", "ProductName": "Lave-linge", "RepairCodes": "R01"}]
        self.env["eco.organism"]._cron_sync_catalog()
        self.assertIn("left as it was", self.ecologic.message_ids[0].body)
        self.assertIn("RepairCodes of EL-LL", self.ecologic.message_ids[0].body)
        self.assertEqual(len(self.washer.repair_code_ids), 2)
        self.ecologic_api.sites = []
        self.ecologic_api.product_types = [dict(self.ecologic_api.product_types[0], RepairCodes=[])]
        with self.assertRaises(UserError):
            self.ecologic.action_sync_catalog()
        self.assertTrue(self.brand.active)
        self.assertTrue(self.ecologic.repair_site_ids)

    def test_symptoms_follow_the_company_rules(self):
        symptoms = self.env["qualirepar.iris.symptom"].with_user(self.technician).search([])
        self.assertEqual(symptoms, self.washer.iris_symptom_ids)
        with self.assertRaises(AccessError):
            symptoms[0].with_user(self.technician).name = "Autre"
        self.washer.iris_symptom_ids[0].with_user(self.manager).name = "Ne vidange plus"
        other = self.env["res.company"].create({"name": "Atelier de Lille"})
        lille = new_test_user(
            self.env,
            "el_lille",
            groups="repair_qualirepar.group_repair_manager",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        self.assertFalse(self.env["qualirepar.iris.symptom"].with_user(lille).search([]))

    # -- routing and amount ---------------------------------------------------------------
    def test_a_brand_goes_to_the_eco_organism_covering_it(self):
        self.ecosystem.active = True
        self.ecologic_api.brands.append({"BrandId": "EB-2", "BrandName": "Marque Eco"})
        self.ecologic_api.coverage["EB-2"] = ECOSYSTEM_ORG_ID
        self.ecologic._sync_catalog()
        other_brand = self.env["qualirepar.brand"].search([("external_id", "=", "EB-2")])
        self.assertEqual(self.repair().qualirepar_organism_id, self.ecologic)
        repair = self.repair(qualirepar_brand_id=other_brand.id)
        self.assertEqual(repair.qualirepar_organism_id, self.ecosystem, "getecoorganization: Ecosystem's brand")
        self.assertEqual(other_brand.covered_by, "ecosystem", "kept")
        asked = [r for r in self.ecologic_api.requests if r.path.endswith("getecoorganization")]
        self.repair(qualirepar_brand_id=other_brand.id).qualirepar_organism_id  # noqa: B018
        self.assertEqual(
            len([r for r in self.ecologic_api.requests if r.path.endswith("getecoorganization")]), len(asked)
        )
        # Ecosystem's catalogue answers first when it lists the brand
        self.ecosystem._sync_catalog()
        froidor = self.env["qualirepar.brand"].create(
            {"organism_id": self.ecologic.id, "external_id": "EB-7", "name": "FROIDOR"}
        )
        self.assertEqual(froidor._qualirepar_covered_by(self.washer), "ecologic")
        self.assertEqual(
            len([r for r in self.ecologic_api.requests if r.path.endswith("getecoorganization")]), len(asked)
        )

    def test_an_ecologic_only_shop_gets_its_amounts(self):
        repair = self.repair()
        self.assertEqual(repair.qualirepar_organism_id, self.ecologic)
        self.assertTrue(repair.qualirepar_eligible, repair.qualirepar_reason)
        self.assertEqual(repair.qualirepar_bonus, 50.0)
        self.assertEqual(repair.sale_order_id.qualirepar_amount_due, 168.0 - 50.0)

    def test_a_bonus_ecologic_computes_otherwise_sends_the_claim_to_review(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["repair_qualirepar"], ["fr_FR"], overwrite=True)
        claim = self.invoiced_claim(self.repair())
        self.assertEqual(claim.amount, 50.0)
        self.ecologic_api.amounts["EL-LL"] = 30.0
        claim.with_context(lang="fr_FR")._send_one()
        self.assertEqual(claim.state, "to_review")
        self.assertIn("30", claim.review_reason)
        self.assertIn("50", claim.review_reason)
        self.assertIn("calcule une prime", claim.review_reason)
        self.assertFalse(self.ecologic_api.claims, "nothing sent")

    # -- claims ----------------------------------------------------------------------------
    def test_a_repair_through_quote_repair_and_invoice_is_claimed_and_paid(self):
        claim = self.sent_claim()
        sent = self.ecologic_api.claim(claim.external_id)
        body = sent["body"]
        self.assertFalse(shape_errors(body), "as S1 sends it")
        self.assertEqual(body["Consumer"]["Title"], 2, "Madame")
        self.assertEqual(body["Product"]["IRISSymptom"], "S01")
        self.assertEqual(body["Product"]["IRISSection"], "R01", "the repair code, where S1 puts it")
        quote = {key: value["Amount"] for key, value in body["Quote"].items()}
        self.assertEqual(
            quote,
            {
                "LaborCost": 100.0,
                "SparePartsCost": 40.0,
                "TravelCost": 0.0,
                "TotalAmountExclVAT": 140.0,
                "TotalAmountInclVAT": 168.0,
                "SupportAmount": 50.0,
            },
        )
        self.assertEqual(sent["query"]["RepairSiteId"], "RS-1")
        self.assertEqual(
            sorted(kind for kind, _content in sent["files"].values()),
            ["CONSUMERVALIDATION", "INVOICE", "NAMEPLATE", "PRODUCTPICTURE"],
        )
        self.assertEqual(sent["attach_calls"], 4)
        receivable = claim.receivable_line_ids
        self.ecologic_api.set_status(claim.external_id, "CLOSEDACCEPTED")
        self.env["eco.bonus.claim"]._cron_poll_status()
        self.assertEqual(claim.state, "paid")
        self.assertEqual(claim.paid_amount, 50.0)
        self.assertTrue(receivable.reconciled)
        self.assertEqual(claim.amount_due, 0.0)

    def test_a_repair_taken_in_in_december_and_ended_in_january_earns_januarys_bonus(self):
        # Ecologic publishes no grid: the bonus it computes each day is kept dated
        self.ecologic_api.amounts["EL-LL"] = 25.0
        with freeze_time("2023-12-20 08:00:00"):
            self.ecologic._sync_catalog()
        self.ecologic_api.amounts["EL-LL"] = 50.0
        with freeze_time("2024-01-01 08:00:00"):
            self.ecologic._sync_catalog()
        self.assertEqual(
            (self.washer._amount_on("bonus", date(2023, 12, 31)), self.washer._amount_on("bonus", date(2024, 1, 1))),
            (25.0, 50.0),
        )
        repair = self.repair(schedule_date=datetime(2023, 12, 28, 10))
        self.assertEqual(repair.qualirepar_bonus, 25.0, "planned in December")
        claim = self.invoiced_claim(repair, ended=datetime(2024, 1, 3, 15))
        self.assertEqual((claim.amount, claim.date), (50.0, date(2024, 1, 3)), "ended in January")
        self.assertEqual(claim.invoice_id.amount_residual, 168.0 - 50.0)
        claim._send_one()
        self.assertEqual(claim.state, "sent", claim.review_reason or claim.last_error)
        sent = self.ecologic_api.claim(claim.external_id)
        self.assertEqual(sent["query"]["RepairEndDate"], "2024-01-03")
        self.assertEqual(sent["body"]["Quote"]["SupportAmount"]["Amount"], 50.0)

    def test_one_invoice_for_two_repairs_claims_each_device_with_its_own_amounts(self):
        first = self.repaired(self.repair())  # labour 100 + pump 40 excl. VAT
        second = self.repaired(self.repair(labour=70.0, pump=None, device_serial="SN-EL-0002"))
        invoice = (first.sale_order_id | second.sale_order_id)._create_invoices()
        invoice.action_post()
        claims = invoice.eco_bonus_claim_ids
        self.assertEqual(len(claims), 2)
        self.assertEqual(invoice.amount_residual, 168.0 + 84.0 - 100.0)
        for claim in claims:
            claim._send_one()
            self.assertEqual(claim.state, "sent", claim.review_reason or claim.last_error)
        quotes = {
            claim.repair_order_id: {
                key: value["Amount"]
                for key, value in self.ecologic_api.claim(claim.external_id)["body"]["Quote"].items()
            }
            for claim in claims
        }
        self.assertEqual(
            quotes[second],
            {
                "LaborCost": 70.0,
                "SparePartsCost": 0.0,
                "TravelCost": 0.0,
                "TotalAmountExclVAT": 70.0,
                "TotalAmountInclVAT": 84.0,
                "SupportAmount": 50.0,
            },
        )
        self.assertEqual(quotes[first]["TotalAmountInclVAT"], 168.0)
        self.assertEqual(quotes[first]["SparePartsCost"], 40.0)

    def test_a_credit_note_withdraws_a_claim_ecologic_holds(self):
        claim = self.sent_claim()
        invoice = claim.invoice_id
        wizard = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "reason": "Appareil repris"})
        )
        note = self.env["account.move"].browse(wizard.refund_moves()["res_id"])
        note.action_post()
        self.assertTrue(claim.withdrawn)
        self.assertTrue(claim.receivable_line_ids.reconciled, "Ecologic owes nothing any more")
        self.assertEqual(claim.activity_ids.user_id, self.manager)
        owed = self.env["account.move.line"].search(
            [("partner_id", "=", self.customer.id), ("account_id.account_type", "=", "asset_receivable")]
        )
        self.assertEqual(round(sum(owed.mapped("balance")), 2), 0.0, "nor the customer, who had paid nothing")

    def test_the_evidence_each_device_needs_is_the_eco_organisms_rule(self):
        no_files = {"nameplate_photo": False, "device_photo": False, "customer_validation": False}
        # a washing machine: Ecologic wants the invoice, takes the rest when there is one
        claim = self.invoiced_claim(self.repair(**no_files))
        self.assertEqual(claim.state, "pending", claim.review_reason)
        claim._send_one()
        self.assertEqual(claim.state, "sent", claim.review_reason or claim.last_error)
        sent = self.ecologic_api.claim(claim.external_id)
        self.assertEqual([kind for kind, _content in sent["files"].values()], ["INVOICE"])
        # IT and telecom (fiche 7): the nameplate is mandatory, here and on Ecologic
        self.washer.fiche = "7"
        self.ecologic_api.it_telecom.add("EL-LL")
        claim = self.invoiced_claim(self.repair(device_serial="SN-EL-0007", **no_files))
        self.assertEqual(claim.state, "to_review")
        self.assertIn("nameplate photo", claim.review_reason)
        self.assertNotIn("device photo", claim.review_reason)
        claim.repair_order_id.nameplate_photo = PNG
        claim.action_send_now()
        claim._send_one()
        self.assertEqual(claim.state, "sent", claim.review_reason or claim.last_error)
        sent = self.ecologic_api.claim(claim.external_id)
        self.assertEqual(sorted(kind for kind, _content in sent["files"].values()), ["INVOICE", "NAMEPLATE"])
        # the rules are data an eco-organism manager changes, a technician only reads
        rule = self.env.ref("repair_qualirepar.evidence_ecologic_device_photo")
        with self.assertRaises(AccessError):
            rule.with_user(self.technician).requirement = "required"
        rule.requirement = "required"
        claim = self.invoiced_claim(self.repair(device_serial="SN-EL-0008", nameplate_photo=PNG, device_photo=False))
        self.assertEqual(claim.state, "to_review")
        self.assertIn("device photo", claim.review_reason)
        with self.assertRaises(ValidationError):
            self.env.ref("repair_qualirepar.evidence_ecologic_nameplate").fiches = "7, 42"

    def test_the_report_of_returns_within_three_months(self):
        today = fields.Datetime.now().replace(hour=10, minute=0, second=0, microsecond=0)
        recent = self.repaired(self.repair(device_serial="SN-BACK"), ended=today - timedelta(days=40))
        old = self.repaired(self.repair(device_serial="SN-OLD"), ended=today - timedelta(days=120))
        back = self.repair(device_serial="SN-BACK", failure_description="Fuit encore", schedule_date=today)
        again = self.repair(device_serial="SN-OLD", schedule_date=today)
        self.assertEqual((back.return_of_id, back.return_days), (recent, 40))
        self.assertFalse(again.return_of_id, "ended four months ago: not a return")
        self.env.company.qualirepar_return_months = 6
        self.assertEqual(again.return_of_id, old, "the period is a setting")
        self.env.company.qualirepar_return_months = 3
        report = (
            self.env["qualirepar.return.report"]
            .with_user(self.manager)
            .create({"date_from": (today - timedelta(days=150)).date(), "date_to": today.date()})
        )
        figures = report._figures()
        self.assertEqual(figures["returns"], back)
        self.assertEqual((figures["repaired"], figures["rate"]), (2, 50.0))
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("repair_qualirepar.report_qualirepar_returns", report.ids)[0]
            .decode()
        )
        for text in (back.name, recent.name, "SN-BACK", "Fuit encore", "50.0 %"):
            self.assertIn(text, html)
        self.assertNotIn(again.name, html)
        self.assertEqual(report.action_print()["report_name"], "repair_qualirepar.report_qualirepar_returns")
        with self.assertRaises(AccessError):
            self.env["qualirepar.return.report"].with_user(self.technician).create({})

    def test_v1_words_are_understood(self):
        claim = self.sent_claim()
        self.ecologic_api.set_status(claim.external_id, "Validée")
        self.env["eco.bonus.claim"]._cron_poll_status()
        self.assertEqual(claim.state, "accepted")
        self.ecologic_api.set_status(claim.external_id, "Clôturée")
        self.env["eco.bonus.claim"]._cron_poll_status()
        self.assertEqual(claim.state, "paid")
        self.assertTrue(claim.receivable_line_ids.reconciled)

    def test_a_206_at_creation_goes_on_and_files_are_attached_once(self):
        claim = self.invoiced_claim(self.repair())
        self.ecologic_api.fail_next("POST", ".*/submitclaim", status=503)
        claim._send_one()
        created = [r for r in self.ecologic_api.requests if r.path.endswith("createclaim")]
        self.assertEqual(len(created), 1)
        self.assertEqual(claim.state, "pending", "the 206 was no refusal; the submit failed")
        self.assertTrue(claim.external_id)
        claim.next_attempt_at = fields.Datetime.now() - timedelta(seconds=1)
        claim._send_one()
        self.assertEqual(claim.state, "sent", claim.review_reason or claim.last_error)
        sent = self.ecologic_api.claim(claim.external_id)
        self.assertEqual(sent["attach_calls"], 4, "each file once, across the attempts")
        self.assertEqual(len(self.ecologic_api.claims), 1)

    def test_a_submit_not_valid_was_not_submitted(self):
        claim = self.invoiced_claim(self.repair())
        # the attachments reach nobody: the submit answers IsValid false
        self.ecologic_api.fail_next(
            "POST", ".*/attachfile", status=200, times=4, body={"ResponseData": {}, "IsValid": True}
        )
        claim._send_one()
        self.assertEqual(claim.state, "to_review")
        self.assertIn("not submitted", claim.review_reason)
        self.assertIn("Des pièces jointes sont requises", claim.review_reason, "the reasons of getclaimstatus")
        self.assertIsNone(self.ecologic_api.claim(claim.external_id)["status"])

    def test_refused_with_reason_then_corrected_and_sent_again(self):
        claim = self.sent_claim()
        self.ecologic_api.set_status(claim.external_id, "REFUSED", comment="Numéro de série illisible")
        self.env["eco.bonus.claim"]._cron_poll_status()
        self.assertEqual(claim.state, "refused")
        self.assertEqual(claim.refusal_reason, "Numéro de série illisible")
        activity = claim.activity_ids
        self.assertEqual(activity.user_id, self.manager)
        self.assertIn("Numéro de série illisible", activity.note)
        with self.assertRaises(AccessError):
            claim.with_user(self.technician).action_qualirepar_correct()
        claim.with_user(self.manager).action_qualirepar_correct()
        self.assertEqual(claim.state, "to_review")
        with Form(claim.with_user(self.manager)) as form:
            form.serial_number = "SN-EL-0001-B"
            form.qualirepar_iris_symptom_id = self.washer.iris_symptom_ids[1]
        claim.with_user(self.manager).action_send_now()
        self.env["eco.bonus.claim"]._cron_send_pending()
        self.assertEqual(claim.state, "sent", claim.review_reason or claim.last_error)
        sent = self.ecologic_api.claim(claim.external_id)
        self.assertEqual(sent["updates"], 1, "updateclaim, never a second claim")
        self.assertEqual(len(self.ecologic_api.claims), 1)
        self.assertEqual(sent["body"]["Product"]["SerialNumber"], "SN-EL-0001-B")
        self.assertEqual(sent["body"]["Product"]["IRISSymptom"], "S02")
        self.assertEqual(sent["status"], "WAITING")
        self.assertEqual(sent["attach_calls"], 4, "the files it holds are not sent again")

    def test_only_a_refused_ecologic_claim_is_corrected(self):
        claim = self.sent_claim()
        with self.assertRaises(UserError):
            claim.action_qualirepar_correct()
        ecosystem_claim = self.env["eco.bonus.claim"].create(
            {"organism_id": self.ecosystem.id, "amount": 50.0, "state": "refused", "external_id": "RC-1"}
        )
        with self.assertRaises(UserError) as caught:
            ecosystem_claim.action_qualirepar_correct()
        self.assertIn("Ecologic", str(caught.exception))

    # -- the emulator holds to the shapes ---------------------------------------------------
    def test_the_emulator_answers_400_to_a_wrong_body_shape(self):
        claim = self.invoiced_claim(self.repair())
        client = self.ecologic._eco_client()
        payload = claim._eco_payload()
        body = client._claim_body(payload)
        self.assertFalse(shape_errors(body))
        wrong = {
            "a title as a word": ("Consumer", "Title", "Madame"),
            "a null": ("Consumer", "Email", None),
            "an amount as a number": ("Quote", "LaborCost", 100.0),
            "labour with VAT": ("Quote", "LaborCost", {"Amount": 120.0, "Currency": "EUR"}),
            "no failure code": ("Product", "IRISSymptom", ""),
            "a country as a list": ("Consumer", "Country", ["FR"]),
        }
        url = f"{self.ecologic.test_url}/createclaim"
        query = client._claim_query(payload)
        for label, (part, key, value) in wrong.items():
            with self.subTest(label):
                bad = {**body, part: {**body[part], key: value}}
                answer = requests.post(url, params=query, json=bad, headers={"api_key": "test-key"}, timeout=5)
                self.assertEqual(answer.status_code, 400, answer.text)
                self.assertFalse(answer.json()["IsValid"])
                with self.assertRaises(EcoRejectedError) as caught:
                    client._call("POST", "createclaim", params=query, json=bad)
                self.assertEqual(caught.exception.status_code, 400)
        self.assertFalse(self.ecologic_api.claims)
        # Country as S2 sends it is accepted too
        self.assertFalse(shape_errors({**body, "Consumer": {**body["Consumer"], "Country": "FR"}}))
