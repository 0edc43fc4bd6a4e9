import base64
from datetime import date, datetime

import requests
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, TransactionCase, new_test_user, tagged

from .common import QualiReparEmulatorsMixin
from .ecosystem_emulator import EcosystemEmulator

PNG = base64.b64encode(
    base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC")
)


@tagged("post_install", "-at_install")
class TestEcosystem(QualiReparEmulatorsMixin, TransactionCase):
    """Ecosystem's connector against the emulator of the shapes public clients saw
    from the production API (tests/ecosystem_emulator.py)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_organisms()
        cls.manager = new_test_user(
            cls.env,
            "es_manager",
            groups="repair_qualirepar.group_repair_manager,eco_bonus_claim.group_eco_bonus_manager",
        )
        cls.ecosystem.responsible_id = cls.manager
        cls.accountant = new_test_user(
            cls.env, "es_accountant", groups="account.group_account_invoice,sales_team.group_sale_salesman_all_leads"
        )
        cls.tax = cls.env["account.tax"].create({"name": "TVA 20 %", "amount": 20.0, "type_tax_use": "sale"})
        cls.device = cls.env["product.product"].create({"name": "Lave-linge client", "type": "consu"})
        cls.labour = cls.env["product.product"].create(
            {
                "name": "Main d'œuvre lave-linge",
                "type": "service",
                "invoice_policy": "order",
                "taxes_id": [Command.set(cls.tax.ids)],
            }
        )
        cls.travel = cls.env["product.product"].create(
            {
                "name": "Déplacement",
                "type": "service",
                "invoice_policy": "order",
                "qualirepar_travel": True,
                "taxes_id": [Command.set(cls.tax.ids)],
            }
        )
        cls.pump = cls.env["product.product"].create(
            {"name": "Pompe de vidange", "type": "consu", "taxes_id": [Command.set(cls.tax.ids)]}
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
                "phone": "+33 6 12 34 56 78",
            }
        )

    def setUp(self):
        super().setUp()
        self.start_emulators()
        self.ecosystem._sync_catalog()
        types = self.env["qualirepar.product.type"].search([("organism_id", "=", self.ecosystem.id)])
        self.washer = types.filtered(lambda t: t.external_id == "LL")
        self.lavix = self.washer.brand_ids.filtered(lambda b: b.name == "Lavix")

    # -- helpers -----------------------------------------------------------------------
    def repaired_and_invoiced(
        self, on_site=False, brand=None, labour=90.0, pump=True, taken_in=None, ended=None, serial="SN-LL-0001"
    ):
        """A washing machine taken in (on ``taken_in``), quoted, repaired (ended on
        ``ended``) and invoiced as the shop does."""
        repair = self.repaired(on_site, brand, labour, pump, taken_in, ended, serial)
        invoice = repair.sale_order_id._create_invoices()
        invoice.action_post()
        return repair, invoice

    def repaired(
        self, on_site=False, brand=None, labour=90.0, pump=True, taken_in=None, ended=None, serial="SN-LL-0001"
    ):
        form = Form(self.env["repair.order"])
        if taken_in:
            form.schedule_date = taken_in
        form.partner_id = self.customer
        form.product_id = self.device
        form.qualirepar_product_type_id = self.washer
        form.qualirepar_brand_id = brand or self.lavix
        form.device_serial = serial
        form.qualirepar_repair_code_id = self.washer.repair_code_ids[:1]
        if on_site:
            form.user_id = self.env["res.users"]
            form.on_site = True
            # both addresses placed: the distance is checked against the zone
            self.env.company.partner_id.write({"partner_latitude": 45.75, "partner_longitude": 4.85})
            self.customer.write({"partner_latitude": 45.76, "partner_longitude": 4.84})
        repair = form.save()
        repair.write(
            {
                "nameplate_photo": PNG,
                "device_photo": PNG,
                "customer_validation": base64.b64encode(b"%PDF-1.4 bon pour accord"),
                "customer_validation_name": "accord.pdf",
            }
        )
        if pump:
            self.env["stock.move"].create(
                {
                    "repair_id": repair.id,
                    "product_id": self.pump.id,
                    "product_uom_qty": 1,
                    "repair_line_type": "add",
                    "name": self.pump.name,
                    "price_unit": 30.0,
                }
            )
        repair.action_create_sale_order()
        quote = repair.sale_order_id
        quote.order_line.filtered(lambda line: line.product_id == self.pump).price_unit = 30.0
        lines = [(self.labour, labour)] + ([(self.travel, 25.0)] if on_site else [])
        self.env["sale.order.line"].create(
            [{"order_id": quote.id, "product_id": product.id, "price_unit": price} for product, price in lines]
        )
        self.assertTrue(repair.qualirepar_eligible, repair.qualirepar_reason)
        quote.action_confirm()
        repair.control_answer_ids.write({"result": "ok"})
        if repair.state == "draft":
            repair.action_validate()
        with freeze_time(ended or datetime.now()):
            repair.action_repair_start()
            repair.action_repair_end()
        self.assertEqual(repair.state, "done")
        return repair

    def sent_body(self, claim):
        return self.ecosystem_api.claims[claim.external_id]["body"]

    # -- catalogue ---------------------------------------------------------------------
    def test_synchronisation_reads_the_envelopes_and_the_product_sheet(self):
        self.assertEqual(
            (self.washer.fiche, self.washer.expected_id, self.washer.defect_code_kind), ("1", "serial", "repair_code")
        )
        laptop = self.washer.search([("organism_id", "=", self.ecosystem.id), ("external_id", "=", "PC")])
        self.assertEqual(laptop.fiche, "7")
        self.assertEqual(laptop._amount_on("bonus", laptop.eligible_from), 45.0, 'S1 types amounts as strings: "45"')
        self.assertEqual(self.ecosystem.qualirepar_repairer_id, "2104242", "RepairerID from /partners {Items}")
        self.assertEqual(self.ecosystem.repair_site_ids.external_id, "2104243")
        self.assertEqual(self.ecosystem.repair_site_ids.name, "Atelier Martin - interventions - Lyon")
        catalog = self.ecosystem_api.catalog
        catalog[0]["ProductSheet"] = dict(catalog[0]["ProductSheet"], ExpectedIdType="IMEI", DefectIdType="IRIS")
        self.ecosystem._sync_catalog()
        self.assertEqual((self.washer.expected_id, self.washer.defect_code_kind), ("imei", "iris"))
        # the repair form asks for the identifier the product sheet expects
        form = Form(self.env["repair.order"])
        form.partner_id = self.customer
        form.qualirepar_product_type_id = self.washer
        self.assertEqual(form.qualirepar_expected_id, "imei")
        with self.assertRaises(AssertionError):
            form.save()  # IMEI required

    def test_an_empty_or_malformed_catalogue_archives_nothing_and_says_so(self):
        entries = ("qualirepar.product.type", "qualirepar.brand", "qualirepar.repair.code", "qualirepar.amount")
        before = {model: self.env[model].search_count([]) for model in entries}
        answers = [
            {"total": 0, "results": []},
            [{"ProductID": "LL"}],  # a list, not the {"total", "results"} envelope
            {"total": 1, "results": [{"ProductName": "Sans identifiant"}]},
            {"total": 1, "results": [dict(self.ecosystem_api.catalog[0], Amounts=[{"Amount": "beaucoup"}])]},
        ]
        for answer in answers:
            with self.subTest(answer=answer):
                self.ecosystem_api.fail_next("GET", "/catalog", status=200, body=answer)
                with self.assertRaises(UserError) as caught:
                    self.ecosystem.with_user(self.manager).action_sync_catalog()
                self.assertIn("nothing was changed", str(caught.exception))
                self.assertEqual({model: self.env[model].search_count([]) for model in entries}, before)
        self.assertTrue(self.washer.active)
        self.ecosystem._sync_catalog()  # the next good answer is taken, and changes nothing
        self.assertEqual({model: self.env[model].search_count([]) for model in entries}, before)

    def test_access_token_login_and_renewal_after_expiry(self):
        # the v3 documentation's form: AccessToken, ExpiresIn as a number
        api = EcosystemEmulator(catalog=self.ecosystem_api.catalog, token_field="AccessToken").start()
        self.addCleanup(api.stop)
        self.ecosystem.test_url = api.url
        client = self.ecosystem._eco_client()
        self.assertEqual(len(client.fetch_catalog()["product_types"]), 2)
        api.expire_tokens()
        self.assertEqual(len(client.fetch_catalog()["product_types"]), 2)
        self.assertEqual(api.logins, 2, "a 401 renews the token once")
        lower_case = requests.post(f"{api.url}/login", json={"Username": "atelier", "Password": "secret"}, timeout=5)
        self.assertIn("AccessToken", lower_case.json(), "both casings of the login body are accepted")

    # -- a repair from quote to payment -------------------------------------------------
    def test_a_repair_from_quote_to_invoice_is_claimed_paid_and_reconciled(self):
        _repair, invoice = self.repaired_and_invoiced()
        claim = invoice.eco_bonus_claim_ids
        self.assertEqual(claim.state, "pending", claim.review_reason)
        self.env["eco.bonus.claim"].with_context(force_report_rendering=False)._cron_send_pending()
        self.assertEqual(claim.state, "sent", claim.last_error)
        served = self.ecosystem_api.claims[claim.external_id]
        self.assertEqual(served["status"], "Envoyé, en cours vérification", "confirmed")
        self.assertEqual(
            sorted(kind for kind, _content in served["files"].values()),
            ["claim_request", "device_picture", "invoice", "serial_tag"],
        )
        body = served["body"]
        currency = self.env.company.currency_id.name
        self.assertEqual(body["RepairPlaceID"], "2104242", "a repair in the shop: the repairer's own id (S1)")
        self.assertEqual(body["RepairerId"], "2104242")
        self.assertEqual(body["PurchaseOrderByCustomer"], f"{invoice.name} / {claim.name}")
        self.assertEqual(body["Product"]["BrandID"], "B1")
        self.assertEqual(body["Product"]["RepairTypeCode"], "LL01")
        self.assertEqual(body["Customer"]["Title"], "Mme")
        self.assertEqual(body["Customer"]["Country"], "FR")
        self.assertEqual(
            body["Bill"],
            {
                "TotalAmountInclVAT": {"amount": 144.0, "currency": currency},
                "AmountCovered": {"amount": 50.0, "currency": currency},
                "AmountBeforeTax": {"amount": 120.0, "currency": currency},
                "LaborCost": {"amount": 90.0, "currency": currency},
                "SparePartsCost": {"amount": 30.0, "currency": currency},
            },
            "parts and labour excluding VAT",
        )
        self.assertEqual(body["SpareParts"], {"NewSparePartsAmount": 30.0, "SecondHandSparePartsAmount": 0.0})

        self.ecosystem_api.set_status(claim.external_id, "Approuvé, en cours rembourst")
        self.env["eco.bonus.claim"]._cron_poll_status()
        self.assertEqual(claim.state, "accepted")
        self.ecosystem_api.set_status(claim.external_id, "Remboursement effectué")
        self.env["eco.bonus.claim"]._cron_poll_status()
        self.assertEqual(claim.state, "paid")
        self.assertEqual(claim.paid_amount, 50.0, "no amount is returned: the amount claimed is paid")
        self.assertTrue(claim.receivable_line_ids.reconciled)
        self.assertEqual(claim.amount_due, 0.0)
        self.assertEqual(claim.payment_id.amount, 50.0)

    def test_a_repair_taken_in_in_december_and_ended_in_january_earns_januarys_bonus(self):
        # the washing machine's grid: 25 EUR until 31 December 2023, 50 EUR from 1 January 2024
        repair = self.repaired(taken_in=datetime(2023, 12, 28, 10), ended=datetime(2024, 1, 3, 15))
        self.assertEqual(repair.qualirepar_bonus, 50.0, "the grid of the day the repair ended")
        invoice = repair.sale_order_id._create_invoices()
        self.assertEqual(invoice.qualirepar_bonus, 50.0, "the draft invoice shows it")
        invoice.action_post()
        self.assertEqual(invoice.amount_residual, 144.0 - 50.0)
        claim = invoice.eco_bonus_claim_ids
        self.assertEqual((claim.amount, claim.date), (50.0, date(2024, 1, 3)))
        claim._send_one()
        self.assertEqual(claim.state, "sent", claim.last_error)
        body = self.sent_body(claim)
        self.assertEqual(body["RepairDate"], "2024-01-03", "the date whose grid gave the amount")
        self.assertEqual(body["Bill"]["AmountCovered"]["amount"], 50.0)
        # the other way round: taken in on 28 December, the estimate is December's
        estimate = self.env["repair.order"].create(
            {
                "partner_id": self.customer.id,
                "qualirepar_product_type_id": self.washer.id,
                "qualirepar_brand_id": self.lavix.id,
                "device_serial": "SN-LL-0002",
                "schedule_date": datetime(2023, 12, 28, 10),
            }
        )
        self.assertEqual(estimate.qualirepar_bonus, 25.0, "not ended yet: the grid of the day it was planned")

    def test_one_invoice_for_two_repairs_claims_each_device_with_its_own_amounts(self):
        first = self.repaired()  # pump 30 + labour 90 excl. VAT
        second = self.repaired(labour=60.0, pump=False, serial="SN-LL-0099")
        invoice = (first.sale_order_id | second.sale_order_id)._create_invoices()
        self.assertEqual(len(invoice), 1, "the shop invoices both quotations at once")
        invoice.action_post()
        self.assertEqual(invoice.amount_total, 144.0 + 72.0)
        self.assertEqual(invoice.qualirepar_bonus, 100.0)
        self.assertEqual(invoice.amount_residual, 216.0 - 100.0, "the customer pays the rest")
        claims = invoice.eco_bonus_claim_ids
        self.assertEqual(len(claims), 2, "one claim per repaired device")
        by_repair = {claim.repair_order_id: claim for claim in claims}
        expected = {
            first: {"repair_amount": 144.0, "amount_untaxed": 120.0, "new_parts_amount": 30.0, "labor_amount": 90.0},
            second: {"repair_amount": 72.0, "amount_untaxed": 60.0, "new_parts_amount": 0.0, "labor_amount": 60.0},
        }
        for repair, amounts in expected.items():
            claim = by_repair[repair]
            self.assertEqual({key: claim[key] for key in amounts}, amounts, repair.name)
            self.assertEqual(claim.receivable_line_ids.debit, 50.0)
        for claim in claims:
            claim._send_one()
        bill = self.sent_body(by_repair[second])["Bill"]
        self.assertEqual(bill["TotalAmountInclVAT"]["amount"], 72.0)
        self.assertEqual(bill["AmountBeforeTax"]["amount"], 60.0)
        self.assertNotIn("SparePartsCost", bill, "no part: no key (the API takes no null)")
        self.assertEqual(self.sent_body(by_repair[second])["Product"]["ProductIdentificationNumber"], "SN-LL-0099")

    def test_a_down_payment_invoice_claims_nothing_the_final_one_the_whole_repair(self):
        repair = self.repaired()
        quote = repair.sale_order_id
        self.env["sale.advance.payment.inv"].with_context(active_model="sale.order", active_ids=quote.ids).create(
            {"advance_payment_method": "percentage", "amount": 50}
        ).create_invoices()
        deposit = quote.invoice_ids
        deposit.action_post()
        self.assertFalse(deposit.eco_bonus_claim_ids, "a down payment is no repair invoice")
        self.assertEqual(deposit.amount_residual, 72.0, "the customer pays half, bonus untouched")
        invoice = quote._create_invoices(final=True)
        invoice.action_post()
        claim = invoice.eco_bonus_claim_ids
        self.assertEqual((claim.repair_amount, claim.amount_untaxed, claim.amount), (144.0, 120.0, 50.0))
        self.assertEqual(invoice.amount_residual, 144.0 - 72.0 - 50.0)

    def credit_note(self, invoice, lines=None):
        """A credit note of ``invoice`` from the Credit Note button, its lines set to
        ``{product: price}`` (the others removed) for a partial one, posted."""
        wizard = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "reason": "Geste commercial"})
        )
        note = self.env["account.move"].browse(wizard.refund_moves()["res_id"])
        if lines is not None:
            note.write(
                {
                    "invoice_line_ids": [
                        Command.update(line.id, {"price_unit": lines[line.product_id]})
                        if line.product_id in lines
                        else Command.delete(line.id)
                        for line in note.invoice_line_ids
                    ]
                }
            )
        # by the accountant: what the bonus needs is done whatever their rights
        note.with_user(self.accountant).action_post()
        return note

    def balance(self, partner):
        lines = self.env["account.move.line"].search(
            [
                ("partner_id", "=", partner.id),
                ("account_id.account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
            ]
        )
        return round(sum(lines.mapped("balance")), 2), lines

    def test_a_credit_note_withdraws_the_claim_and_its_receivable(self):
        _repair, invoice = self.repaired_and_invoiced()
        claim = invoice.eco_bonus_claim_ids
        self.assertEqual(self.balance(self.ecosystem.partner_id)[0], 50.0)
        self.credit_note(invoice)
        self.assertEqual(claim.state, "cancelled", "not sent yet: cancelled")
        balance, lines = self.balance(self.ecosystem.partner_id)
        self.assertEqual(balance, 0.0, "Ecosystem owes nothing")
        self.assertTrue(all(lines.mapped("reconciled")))
        # the customer owes nothing either: the credit note cancels the invoice, the
        # bonus part moved back to them is matched with it
        balance, lines = self.balance(self.customer)
        self.assertEqual(balance, 0.0)
        open_lines = lines.filtered(lambda line: not line.reconciled)
        open_lines.reconcile()
        self.assertTrue(all(lines.mapped("reconciled")), "the accountant matches invoice and credit note")
        self.env["eco.bonus.claim"].with_context(force_report_rendering=False)._cron_send_pending()
        self.assertFalse(self.ecosystem_api.claims, "nothing reaches Ecosystem")

    def test_a_credit_note_after_sending_flags_the_claim_for_withdrawal(self):
        _repair, invoice = self.repaired_and_invoiced()
        claim = invoice.eco_bonus_claim_ids
        claim._send_one()
        self.assertEqual(claim.state, "sent")
        # the customer had paid the rest
        self.env["account.payment.register"].with_context(active_model="account.move", active_ids=invoice.ids).create(
            {}
        )._create_payments()
        self.assertEqual(invoice.payment_state, "paid")
        note = self.credit_note(invoice)
        self.assertTrue(claim.withdrawn)
        self.assertEqual(self.balance(self.ecosystem.partner_id)[0], 0.0, "the receivable is reversed")
        self.assertEqual(self.balance(self.customer)[0], -94.0, "the shop owes back what the customer paid")
        self.assertEqual(note.amount_residual, 94.0)
        self.assertIn("Withdraw this claim", claim.activity_ids.note)
        self.assertEqual(claim.activity_ids.user_id, self.manager)

    def test_a_partial_credit_note_corrects_the_claim_or_withdraws_it_below_the_bonus(self):
        _repair, invoice = self.repaired_and_invoiced()
        claim = invoice.eco_bonus_claim_ids
        # 30 EUR off the labour, excluding VAT: the repair now costs 108 EUR
        self.credit_note(invoice, {self.labour: 30.0})
        self.assertEqual(claim.state, "pending")
        self.assertEqual(
            (claim.repair_amount, claim.amount_untaxed, claim.labor_amount, claim.new_parts_amount, claim.amount),
            (108.0, 90.0, 60.0, 30.0, 50.0),
        )
        self.assertEqual(self.balance(self.ecosystem.partner_id)[0], 50.0, "still owed")
        claim._send_one()
        self.assertEqual(self.sent_body(claim)["Bill"]["TotalAmountInclVAT"]["amount"], 108.0)
        # the whole labour credited: the repair costs 144 - 108 = 36 EUR, less than the bonus
        _repair, invoice = self.repaired_and_invoiced(serial="SN-LL-0002")
        claim = invoice.eco_bonus_claim_ids
        self.credit_note(invoice, {self.labour: 90.0})
        self.assertEqual(claim.state, "cancelled")
        self.assertTrue(claim.receivable_line_ids.reconciled, "the receivable is withdrawn")

    def test_an_on_site_repair_declares_its_travel_and_a_repair_place(self):
        _repair, invoice = self.repaired_and_invoiced(on_site=True)
        claim = invoice.eco_bonus_claim_ids
        self.assertEqual((claim.travel_amount, claim.labor_amount), (25.0, 90.0))
        claim._send_one()
        self.assertEqual(claim.state, "sent", claim.last_error)
        body = self.sent_body(claim)
        self.assertEqual(body["RepairPlaceID"], "2104243", "on site: one of the repairer's places (S1)")
        self.assertEqual(body["Bill"]["TravelExpenses"]["amount"], 25.0)
        self.assertEqual(body["Bill"]["LaborCost"]["amount"], 90.0)
        self.assertEqual(body["Bill"]["AmountBeforeTax"]["amount"], 145.0)

    def test_a_brand_ecosystem_does_not_list_goes_as_partner_product(self):
        unlisted = self.env["qualirepar.brand"].create(
            {"organism_id": self.ecologic.id, "external_id": "EB-99", "name": "Marque Rare", "covered_by": "ecosystem"}
        )
        _repair, invoice = self.repaired_and_invoiced(brand=unlisted)
        claim = invoice.eco_bonus_claim_ids
        self.assertEqual(claim.organism_id, self.ecosystem)
        self.assertFalse(claim.qualirepar_brand_id)
        claim._send_one()
        self.assertEqual(claim.state, "sent", claim.review_reason)
        product = self.sent_body(claim)["Product"]
        self.assertEqual((product["BrandID"], product["PartnerProduct"]), ("0000", "Marque Rare"))

    def test_rejected_with_its_reason_is_refused_with_an_activity_for_the_manager(self):
        _repair, invoice = self.repaired_and_invoiced()
        claim = invoice.eco_bonus_claim_ids
        claim._send_one()
        self.ecosystem_api.set_status(claim.external_id, "Rejeté", reject_reason="06 : Bonus incorrect")
        self.env["eco.bonus.claim"]._cron_poll_status()
        self.assertEqual(claim.state, "refused")
        self.assertEqual(claim.refusal_reason, "06 : Bonus incorrect")
        activity = claim.activity_ids
        self.assertEqual(activity.user_id, self.manager)
        self.assertIn("06 : Bonus incorrect", activity.note)

    # -- hostile answers -----------------------------------------------------------------
    def test_the_emulator_refuses_a_body_of_the_wrong_shape(self):
        _repair, invoice = self.repaired_and_invoiced()
        claim = invoice.eco_bonus_claim_ids
        client = self.ecosystem._eco_client()
        good = client._claim_body(claim._eco_payload())
        client._ensure_token()
        headers = {"Authorization": f"Bearer {client._token}"}

        def answer(body):
            return requests.post(
                f"{self.ecosystem_api.url}/reimbursement-claims/new_claim", json=body, headers=headers, timeout=5
            )

        wrong = {
            "a plain amount": dict(good, Bill=dict(good["Bill"], AmountCovered=50.0)),
            "upper-case amount keys": dict(
                good, Bill=dict(good["Bill"], TotalAmountInclVAT={"Amount": 144.0, "Currency": "EUR"})
            ),
            "a null key": dict(good, Customer=dict(good["Customer"], Email=None)),
            "an amount as text": dict(good, SpareParts={"NewSparePartsAmount": "30"}),
            "brand 0000 without PartnerProduct": dict(good, Product=dict(good["Product"], BrandID="0000")),
            "no repair place": {k: v for k, v in good.items() if k != "RepairPlaceID"},
            "another repairer's place": dict(good, RepairPlaceID="2999999"),
            "no customer title": dict(good, Customer={k: v for k, v in good["Customer"].items() if k != "Title"}),
            "a date as dd/mm/yyyy": dict(good, RepairDate="03/01/2027"),
        }
        for case, body in wrong.items():
            with self.subTest(case=case):
                response = answer(body)
                self.assertEqual(response.status_code, 400, response.text)
                self.assertEqual(response.json()["error"]["code"], 400)
        self.assertFalse(self.ecosystem_api.claims, "nothing created from a wrong body")
        self.assertEqual(answer(good).status_code, 200, "what the client sends is accepted")

    def test_a_customer_without_what_ecosystem_requires_goes_to_review_unsent(self):
        self.customer.write({"title": False, "email": False})
        _repair, invoice = self.repaired_and_invoiced()
        claim = invoice.eco_bonus_claim_ids
        claim._send_one()
        self.assertEqual(claim.state, "to_review")
        self.assertIn("title", claim.review_reason)
        self.assertIn("e-mail", claim.review_reason)
        self.assertFalse(self.ecosystem_api.claims)

    def test_an_error_in_a_success_answer_is_an_error(self):
        _repair, invoice = self.repaired_and_invoiced()
        claim = invoice.eco_bonus_claim_ids
        self.ecosystem_api.fail_next(
            "POST",
            "/reimbursement-claims/new_claim",
            status=200,
            body={"error": {"code": 400, "status": "Bad Request", "message": "RepairDate in the future"}},
        )
        claim._send_one()
        self.assertEqual(claim.state, "to_review")
        self.assertIn("RepairDate in the future", claim.review_reason)
        self.assertFalse(claim.external_id)

    def test_files_are_attached_once_when_a_claim_is_resumed(self):
        _repair, invoice = self.repaired_and_invoiced()
        claim = invoice.eco_bonus_claim_ids
        self.ecosystem_api.fail_next("POST", ".*/confirm-claim", status=503)
        claim._send_one()
        self.assertEqual(claim.state, "pending")
        claim._send()  # resumed: what the service holds is read first
        self.assertEqual(claim.state, "sent", claim.last_error)
        uploads = [r for r in self.ecosystem_api.requests if r.path.endswith("/upload-file")]
        self.assertEqual(len(uploads), 4, "each file once")
        self.assertEqual(len(self.ecosystem_api.claims), 1)
        put = next(r for r in self.ecosystem_api.requests if r.method == "PUT")
        self.assertNotIn("Authorization", put.headers, "no bearer on the pre-signed address")

    def test_a_claim_being_created_can_be_deleted_not_a_sent_one(self):
        _repair, invoice = self.repaired_and_invoiced()
        claim = invoice.eco_bonus_claim_ids
        self.ecosystem_api.fail_next("POST", ".*/confirm-claim", status=503)
        claim._send_one()
        client = self.ecosystem._eco_client()
        client.delete_claim(claim.external_id)
        self.assertFalse(self.ecosystem_api.claims)
        claim.external_id = False
        claim._send()
        with self.assertRaises(Exception) as caught:
            client.delete_claim(claim.external_id)
        self.assertIn("cannot be deleted", str(caught.exception))
