import ast
import base64
from datetime import datetime, timedelta

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, TransactionCase, new_test_user, tagged

from .common import QualiReparEmulatorsMixin

PNG = base64.b64encode(
    base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC")
)


# after every module's install: Odoo gives the company its chart of accounts (the
# accounts and tax groups these invoices need) only once the registry is loaded
@tagged("post_install", "-at_install")
class TestRepairBonus(QualiReparEmulatorsMixin, TransactionCase):
    """A repair order earns the bonus of the grid valid on its date; the invoice
    deducts it, the eco-organism owes it, the claim goes out when complete."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_organisms()
        cls.tax = cls.env["account.tax"].create({"name": "TVA 20 %", "amount": 20.0, "type_tax_use": "sale"})
        cls.device = cls.env["product.product"].create({"name": "Lave-linge client", "type": "consu"})
        cls.service = cls.env["product.product"].create(
            {
                "name": "Réparation lave-linge",
                "type": "service",
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
                "phone": "+33 6 12 34 56 78",
            }
        )
        cls.technician = new_test_user(cls.env, "qr_tech", groups="repair_qualirepar.group_repair_technician")
        cls.accountant = new_test_user(
            cls.env, "qr_accountant", groups="account.group_account_invoice,sales_team.group_sale_salesman_all_leads"
        )

    def setUp(self):
        super().setUp()
        self.start_emulators()
        self.ecosystem._sync_catalog()
        types = self.env["qualirepar.product.type"].search([("organism_id", "=", self.ecosystem.id)])
        self.washer = types.filtered(lambda t: t.external_id == "LL")
        self.laptop = types.filtered(lambda t: t.external_id == "PC")
        brands = self.washer.brand_ids | self.laptop.brand_ids
        self.lavix, self.froidor, self.portabl = (
            brands.filtered(lambda b, n=n: b.name == n) for n in ("Lavix", "Froidor", "Portabl")
        )

    def repair(self, price=157.5, product_type=None, brand=None, **values):
        repair = self.env["repair.order"].create(
            {
                "partner_id": self.customer.id,
                "product_id": self.device.id,
                "qualirepar_product_type_id": (product_type or self.washer).id,
                "qualirepar_brand_id": (brand or self.lavix).id,
                "device_serial": "SN-LL-0001",
                "qualirepar_repair_code_id": (product_type or self.washer).repair_code_ids[:1].id,
                "qualirepar_repair_site_id": self.ecosystem.repair_site_ids[:1].id,
                **values,
            }
        )
        if price is not None:
            repair.action_create_sale_order()
            self.env["sale.order.line"].create(
                {"order_id": repair.sale_order_id.id, "product_id": self.service.id, "price_unit": price}
            )
        return repair

    def with_documents(self, repair):
        repair.write(
            {
                "nameplate_photo": PNG,
                "device_photo": PNG,
                "customer_validation": base64.b64encode(b"%PDF-1.4 bon pour accord"),
                "customer_validation_name": "accord.pdf",
            }
        )
        return repair

    def invoice(self, repair, user=None):
        order = repair.sale_order_id
        order.action_confirm()
        invoice = order._create_invoices()
        invoice.with_user(user or self.env.user).action_post()
        return invoice

    # -- eligibility ---------------------------------------------------------------
    def test_eligible_repair_shows_the_bonus_of_its_date(self):
        repair = self.repair()
        self.assertTrue(repair.qualirepar_eligible, repair.qualirepar_reason)
        self.assertEqual(repair.qualirepar_bonus, 50.0)
        self.assertEqual(repair.qualirepar_organism_id, self.ecosystem)
        repair.schedule_date = datetime(2023, 6, 1, 10)
        self.assertEqual(repair.qualirepar_bonus, 25.0, "the 2023 grid")
        self.assertEqual(repair.sale_order_id.qualirepar_bonus, 25.0)
        self.assertEqual(repair.sale_order_id.qualirepar_amount_due, 189.0 - 25.0)

    def test_reasons_a_repair_earns_no_bonus(self):
        cases = [
            ({"price": 100.0, "product_type": None}, None),
            ({"price": 120.0, "product_type": "laptop"}, "at least"),
            ({"price": 30.0}, "at least"),
            ({"under_warranty": True}, "Under warranty"),
            ({"insurance_covered": True}, "insurance"),
            ({"qualirepar_brand_id": False}, "Unknown brand"),
            ({"schedule_date": datetime(2022, 1, 10, 9)}, "not eligible on 2022-01-10"),
        ]
        for values, reason in cases:
            with self.subTest(values=values):
                values = dict(values)
                kind = values.pop("product_type", None)
                product_type = self.laptop if kind == "laptop" else None
                brand = self.portabl if kind == "laptop" else None
                repair = self.repair(product_type=product_type, brand=brand, **values)
                if reason is None:
                    self.assertTrue(repair.qualirepar_eligible, repair.qualirepar_reason)
                else:
                    self.assertFalse(repair.qualirepar_eligible)
                    self.assertEqual(repair.qualirepar_bonus, 0.0)
                    self.assertIn(reason, repair.qualirepar_reason)

    def test_laptop_threshold_is_the_one_of_the_repair_date(self):
        repair = self.repair(price=125.0, product_type=self.laptop, brand=self.portabl)  # 150 TTC
        self.assertTrue(repair.qualirepar_eligible, repair.qualirepar_reason)
        repair.schedule_date = datetime(2023, 6, 1, 10)
        self.assertIn("at least", repair.qualirepar_reason, "180 € in 2023")

    def test_a_device_back_within_the_repair_warranty_earns_no_new_bonus(self):
        first = self.repair(price=None)
        first.write({"state": "done", "repair_end_date": fields.Datetime.now() - timedelta(days=40)})
        second = self.repair()
        self.assertFalse(second.qualirepar_eligible)
        self.assertEqual(second.warranty_return_of_id, first)
        self.assertIn(first.name, second.qualirepar_reason)
        warranty_returns = self.env.ref("repair_qualirepar.repair_order_action_warranty_returns")
        self.assertIn(second, self.env["repair.order"].search(ast.literal_eval(warranty_returns.domain)))
        first.repair_end_date = fields.Datetime.now() - timedelta(days=100)
        second.invalidate_recordset()
        self.assertTrue(second.qualirepar_eligible, "after 3 months it is a new repair")
        second.action_validate()
        self.assertFalse(second.warranty_return_of_id, "checked again when the repair is confirmed")
        with self.assertRaises(ValidationError):
            self.env.company.qualirepar_warranty_months = 2

    def test_a_warranty_return_is_judged_the_day_the_device_came_back(self):
        first = self.repair(price=None)
        first.write({"state": "done", "repair_end_date": fields.Datetime.now() - timedelta(days=100)})
        # back 80 days after its repair, within the 3 months; repaired 100 days after
        second = self.repair(schedule_date=fields.Datetime.now() - timedelta(days=20))
        self.assertEqual(second.warranty_return_of_id, first)
        second.repair_end_date = fields.Datetime.now()
        self.assertEqual(second.warranty_return_of_id, first, "its end, later, changes nothing")
        self.assertFalse(second.qualirepar_eligible)

    def test_imei_is_checked(self):
        repair = self.repair(price=None, device_imei="49015420-323751-8")
        self.assertEqual(repair.device_imei, "490154203237518")
        for wrong in ("490154203237517", "12345", "49015420323751A"):
            with self.subTest(imei=wrong), self.assertRaises(ValidationError) as caught:
                repair.device_imei = wrong
            self.assertIn("not a valid IMEI", str(caught.exception))

    def test_the_brand_sets_the_eco_organism(self):
        repair = self.repair(brand=self.froidor)
        self.assertEqual(repair.qualirepar_organism_id, self.ecologic)
        self.ecologic.active = False
        repair.invalidate_recordset()
        self.assertIn("No Ecologic account", repair.qualirepar_reason)

    def test_technicians_see_the_eligibility(self):
        repair = self.repair()
        form = Form(repair.with_user(self.technician))
        self.assertEqual(form.qualirepar_bonus, 50.0)
        form.insurance_covered = True
        self.assertFalse(form.qualirepar_eligible)

    # -- invoice, receivable, claim ------------------------------------------------
    def test_invoice_deducts_the_bonus_and_the_claim_waits_for_its_documents(self):
        repair = self.repair()
        invoice = self.invoice(repair, user=self.accountant)
        self.assertEqual(invoice.amount_total, 189.0)
        self.assertEqual(invoice.amount_tax, 31.5, "VAT on the full price")
        self.assertEqual(invoice.amount_residual, 139.0, "the customer pays the rest")
        self.assertEqual(invoice.qualirepar_bonus, 50.0)
        claim = invoice.eco_bonus_claim_ids
        self.assertEqual(claim.organism_id, self.ecosystem)
        self.assertEqual(claim.state, "to_review")
        for missing in ("nameplate photo", "device photo", "signed customer validation"):
            self.assertIn(missing, claim.review_reason)
        receivable = claim.receivable_line_ids
        self.assertEqual(receivable.partner_id, self.ecosystem.partner_id)
        self.assertEqual(receivable.debit, 50.0)
        self.assertNotEqual(receivable.journal_id, invoice.journal_id, "no gap in the invoice numbering")

        self.with_documents(repair)
        claim.action_send_now()
        self.assertEqual(claim.state, "pending", "Send now leaves the sending to the job")
        self.env["eco.bonus.claim"].with_context(force_report_rendering=False)._cron_send_pending()
        self.assertEqual(claim.state, "sent")
        sent = self.ecosystem_api.claims[claim.external_id]
        self.assertEqual(
            sorted(kind for kind, _content in sent["files"].values()),
            ["claim_request", "device_picture", "invoice", "serial_tag"],
        )
        self.assertEqual(sent["body"]["Bill"]["AmountCovered"]["amount"], 50.0)
        self.assertEqual(sent["body"]["Product"]["ProductIdentificationNumber"], "SN-LL-0001")

        self.ecosystem_api.set_status(claim.external_id, "Remboursement effectué")
        self.env["eco.bonus.claim"]._cron_poll_status()
        self.assertEqual(claim.state, "paid")
        self.assertTrue(receivable.reconciled)
        self.assertEqual(claim.amount_due, 0.0)

    def test_the_claim_goes_to_the_eco_organism_of_the_brand(self):
        # Ecologic numbers its catalogue its own way: the washing machine typed from
        # Ecosystem's catalogue is claimed with Ecologic's ids, matched by name
        self.ecologic_api.brands.append({"BrandId": "EB-7", "BrandName": "FROIDOR"})
        self.ecologic._sync_catalog()
        repair = self.with_documents(self.repair(brand=self.froidor))
        repair.qualirepar_repair_site_id = self.ecologic.repair_site_ids[:1] or self.env[
            "qualirepar.repair.site"
        ].create({"organism_id": self.ecologic.id, "external_id": "RS-1", "name": "Atelier"})
        # Ecologic's symptoms of its washing machines are offered on this one
        symptoms = self.env["qualirepar.iris.symptom"].search(
            [("product_type_id.name", "=ilike", repair.qualirepar_product_type_name)]
        )
        self.assertEqual(symptoms.mapped("code"), ["S01", "S02"])
        repair.qualirepar_iris_symptom_id = symptoms[0]
        claim = self.invoice(repair).eco_bonus_claim_ids
        self.assertEqual(claim.organism_id, self.ecologic)
        self.assertEqual(claim.state, "pending")
        self.assertEqual(claim.qualirepar_product_type_id.external_id, "EL-LL")
        self.assertEqual(claim.qualirepar_brand_id.external_id, "EB-7")
        claim._send_one()
        self.assertEqual(claim.state, "sent")
        sent = self.ecologic_api.claim(claim.external_id)["body"]["Product"]
        self.assertEqual((sent["ProductId"], sent["BrandId"]), ("EL-LL", "EB-7"))

    def test_a_brand_missing_from_the_paying_catalogue_waits_for_review(self):
        repair = self.with_documents(self.repair(brand=self.froidor))
        claim = self.invoice(repair).eco_bonus_claim_ids
        self.assertEqual(claim.organism_id, self.ecologic)
        self.assertEqual(claim.state, "to_review")
        self.assertIn("Ecologic's brand for Froidor (synchronise its catalogue)", claim.review_reason)
        self.assertFalse(self.ecologic_api.claims)

    def test_an_ineligible_repair_is_invoiced_in_full(self):
        invoice = self.invoice(self.repair(insurance_covered=True))
        self.assertEqual(invoice.amount_residual, 189.0)
        self.assertFalse(invoice.eco_bonus_claim_ids)

    def test_reset_to_draft_withdraws_an_unsent_claim_and_is_refused_once_sent(self):
        repair = self.with_documents(self.repair())
        invoice = self.invoice(repair)
        claim = invoice.eco_bonus_claim_ids
        invoice.button_draft()
        self.assertEqual(claim.state, "cancelled")
        self.assertEqual(invoice.state, "draft")
        self.assertEqual(self.ecosystem.partner_id.credit, 0.0, "nothing owed by the eco-organism any more")
        invoice.action_post()
        claim = invoice.eco_bonus_claim_ids.filtered(lambda c: c.state != "cancelled")
        self.assertEqual(len(claim), 1)
        self.assertEqual(invoice.amount_residual, 139.0)
        claim._send_one()
        with self.assertRaises(UserError) as caught:
            invoice.button_draft()
        self.assertIn("already sent", str(caught.exception))
        self.assertEqual(invoice.state, "posted")

    def test_quote_and_invoice_print_the_bonus(self):
        repair = self.repair()
        order = repair.sale_order_id
        html, _type = self.env["ir.actions.report"]._render_qweb_html("sale.action_report_saleorder", order.ids)
        html = html.decode()
        self.assertIn("QualiRépar repair bonus, paid by", html)
        self.assertIn("Amount due by the customer", html)
        self.assertIn("139", html)
        invoice = self.invoice(repair)
        html, _type = self.env["ir.actions.report"]._render_qweb_html("account.account_invoices", invoice.ids)
        html = html.decode()
        self.assertIn("QualiRépar repair bonus, paid by", html)
        self.assertIn("Ecosystem", html)
        self.assertIn("139", html)

    def test_used_parts_need_the_customers_consent_and_are_declared_apart(self):
        pump = self.env["product.product"].create(
            {
                "name": "Pompe de vidange reconditionnée",
                "type": "consu",
                "list_price": 30.0,
                "taxes_id": [Command.set(self.tax.ids)],
            }
        )
        repair = self.with_documents(self.repair(price=None))
        part = {
            "repair_id": repair.id,
            "product_id": pump.id,
            "product_uom_qty": 1,
            "repair_line_type": "add",
            "name": pump.name,
        }
        with self.assertRaises(ValidationError) as caught:
            self.env["stock.move"].create(dict(part, part_condition="used"))
        self.assertIn("has not accepted used", str(caught.exception))
        repair.used_parts_consent = True
        self.env["stock.move"].create(dict(part, part_condition="used"))
        repair.action_create_sale_order()
        self.env["sale.order.line"].create(
            {"order_id": repair.sale_order_id.id, "product_id": self.service.id, "price_unit": 127.5}
        )
        claim = self.invoice(repair).eco_bonus_claim_ids
        self.assertEqual(claim.used_parts_amount, 30.0, "excluding VAT")
        self.assertEqual(claim.new_parts_amount, 0.0)
        claim._send_one()
        body = self.ecosystem_api.claims[claim.external_id]["body"]
        self.assertEqual(body["SpareParts"], {"NewSparePartsAmount": 0.0, "SecondHandSparePartsAmount": 30.0})
