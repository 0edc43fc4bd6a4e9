from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user

from .common import QualiReparEmulatorsMixin


class TestCatalogSync(QualiReparEmulatorsMixin, TransactionCase):
    """The catalogues come from the eco-organisms' APIs (emulated on 127.0.0.1)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_organisms()
        cls.manager = new_test_user(cls.env, "qr_manager", groups="repair_qualirepar.group_repair_manager")
        cls.technician = new_test_user(cls.env, "qr_technician", groups="repair_qualirepar.group_repair_technician")

    def setUp(self):
        super().setUp()
        self.start_emulators()

    def types(self, organism):
        return self.env["qualirepar.product.type"].search([("organism_id", "=", organism.id)])

    def test_ecosystem_catalogue_with_brands_codes_amounts_and_sites(self):
        self.ecosystem.with_user(self.manager).action_sync_catalog()
        washer = self.types(self.ecosystem).filtered(lambda t: t.external_id == "LL")
        laptop = self.types(self.ecosystem).filtered(lambda t: t.external_id == "PC")
        self.assertEqual(washer.name, "Lave-linge")
        self.assertEqual(washer.fiche, "1")
        self.assertEqual(laptop.fiche, "7")
        self.assertEqual(sorted(washer.brand_ids.mapped("name")), ["Froidor", "Lavix"])
        self.assertEqual(washer.brand_ids.filtered(lambda b: b.name == "Froidor").covered_by, "ecologic")
        self.assertEqual(sorted(washer.repair_code_ids.mapped("code")), ["LL01", "LL02"])
        self.assertEqual(washer._amount_on("bonus", date(2023, 6, 1)), 25.0)
        self.assertEqual(washer._amount_on("bonus", date(2024, 1, 1)), 50.0)
        self.assertIsNone(washer._amount_on("threshold", date(2024, 1, 1)))
        self.assertEqual(laptop._amount_on("threshold", date(2023, 12, 31)), 180.0)
        self.assertEqual(laptop._amount_on("threshold", date(2024, 1, 1)), 150.0)
        self.assertEqual(self.ecosystem.qualirepar_repairer_id, "2104242")
        self.assertEqual(self.ecosystem.repair_site_ids.mapped("external_id"), ["2104243"])
        self.assertTrue(self.ecosystem.catalog_synced_at)
        self.assertEqual(self.ecosystem.product_type_count, 2)
        self.assertIn("Catalogue synchronised", self.ecosystem.message_ids[0].body)

    def test_a_changed_amount_keeps_its_history_and_a_removed_brand_is_archived(self):
        self.ecosystem._sync_catalog()
        washer = self.types(self.ecosystem).filtered(lambda t: t.external_id == "LL")
        old_amount = washer.amount_ids.filtered(lambda a: a.date_from == date(2024, 1, 1))
        catalog = self.ecosystem_api.catalog
        catalog[0]["Amounts"][1]["AmountValidUntil"] = "2025-12-31"
        catalog[0]["Amounts"].append({"AmountValidFrom": "2026-01-01", "AmountValidUntil": None, "Amount": 60})
        catalog[0]["Brands"] = catalog[0]["Brands"][:1]
        catalog[0]["RepairCode"][1]["Description"] = "Roulements du tambour"
        stats = self.ecosystem._sync_catalog()
        self.assertFalse(old_amount.active, "the replaced amount is kept, archived")
        self.assertEqual(washer._amount_on("bonus", date(2025, 6, 1)), 50.0)
        self.assertEqual(washer._amount_on("bonus", date(2026, 2, 1)), 60.0)
        self.assertEqual(washer._amount_on("bonus", date(2023, 6, 1)), 25.0)
        self.assertEqual(washer.brand_ids.mapped("name"), ["Lavix"])
        self.assertEqual(washer.repair_code_ids.filtered(lambda c: c.code == "LL02").name, "Roulements du tambour")
        self.assertEqual(stats["qualirepar.amount:created"], 2)
        self.assertEqual(stats["qualirepar.product.type:updated"], 0, "unchanged types are not written")
        # the same catalogue again writes nothing
        stats = self.ecosystem._sync_catalog()
        self.assertFalse(+stats, stats)

    def test_an_expired_token_is_renewed(self):
        self.ecosystem._sync_catalog()
        self.ecosystem_api.expire_tokens()
        client = self.ecosystem._eco_client()
        client._token, client._token_expiry = next(iter(self.ecosystem_api.tokens)), float("inf")
        self.assertEqual(len(client.fetch_catalog()["product_types"]), 2)
        self.assertEqual(self.ecosystem_api.logins, 2)

    def test_secrets_never_reach_the_messages(self):
        self.ecosystem.secret = "s3cr3t-value"
        self.ecologic.secret = "k3y-value"
        for organism in self.ecosystem | self.ecologic:
            with self.assertRaises(UserError) as caught:
                organism.action_sync_catalog()
            self.assertNotIn("value", str(caught.exception))
        self.assertTrue(self.ecosystem_api.requests)
        self.assertEqual(self.ecosystem_api.requests[0].json()["password"], "s3cr3t-value", "sent, never shown")

    def test_wrong_credentials_say_so_and_change_nothing(self):
        self.ecosystem.secret = "wrong"
        with self.assertRaises(UserError) as caught:
            self.ecosystem.with_user(self.manager).action_sync_catalog()
        self.assertIn("credentials", str(caught.exception))
        self.assertFalse(self.types(self.ecosystem))

    def test_scheduled_sync_goes_on_when_one_service_is_down(self):
        self.ecologic_api.fail_next("GET", ".*", status=503)
        self.env["eco.organism"]._cron_sync_catalog()
        self.assertEqual(len(self.types(self.ecosystem)), 2)
        self.assertFalse(self.types(self.ecologic))
        self.env["eco.organism"]._cron_sync_catalog()
        self.assertEqual(len(self.types(self.ecologic)), 1)

    def test_technicians_read_the_catalogue_but_cannot_change_it(self):
        self.ecosystem._sync_catalog()
        types = (
            self.env["qualirepar.product.type"]
            .with_user(self.technician)
            .search([("organism_id", "=", self.ecosystem.id)])
        )
        self.assertEqual(len(types), 2)
        with self.assertRaises(AccessError):
            types[0].write({"name": "Autre"})
        with self.assertRaises(AccessError):
            self.ecosystem.with_user(self.technician).action_sync_catalog()
