from datetime import date

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase


class TestRefashionGrid(TransactionCase):
    """Replays the Refashion grid published on 2023-11-07 through the rules."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.shoes = ref("pos_repair_bonus.family_shoes")
        cls.textile = ref("pos_repair_bonus.family_textile")
        cls.t = {
            name: ref(f"pos_repair_bonus.type_{name}")
            for name in [
                "shoes_patins",
                "shoes_bonbout",
                "shoes_couture",
                "shoes_ressemelage_gomme",
                "shoes_ressemelage_cuir",
                "shoes_zip",
                "textile_trou",
                "textile_doublure_simple",
                "textile_doublure_complexe",
                "textile_zip",
                "textile_couture_simple",
                "textile_couture_doublee",
            ]
        }
        cls.day = date(2025, 3, 14)

    def bonus(self, family, price, names, on_date=None):
        types = self.env["eco.bonus.repair.type"].concat(*(self.t[name] for name in names))
        return family.compute_bonus(price, types, on_date or self.day)

    def test_published_grid_amounts(self):
        published = {
            "shoes_patins": 8,
            "shoes_bonbout": 7,
            "shoes_couture": 8,
            "shoes_ressemelage_gomme": 18,
            "shoes_ressemelage_cuir": 25,
            "shoes_zip": 10,
            "textile_trou": 7,
            "textile_doublure_simple": 10,
            "textile_doublure_complexe": 25,
            "textile_zip": 8,
            "textile_couture_simple": 6,
            "textile_couture_doublee": 8,
        }
        for name, amount in published.items():
            family = self.shoes if name.startswith("shoes") else self.textile
            with self.subTest(repair_type=name):
                self.assertEqual(self.bonus(family, 100.0, [name])["amount"], amount)

    def test_rules(self):
        cases = [
            # (family, price TTC, repair types, bonus, why)
            ("shoes", 11.99, ["shoes_bonbout"], 0.0, "below the 12 € threshold"),
            ("shoes", 12.00, ["shoes_bonbout"], 7.0, "exactly the threshold"),
            ("shoes", 20.00, ["shoes_ressemelage_cuir"], 12.0, "capped at 60 % of 20 €"),
            ("shoes", 41.67, ["shoes_ressemelage_cuir"], 25.0, "60 % of 41.67 is 25.00"),
            ("shoes", 41.66, ["shoes_ressemelage_cuir"], 24.99, "the cap rounds down"),
            ("shoes", 80.00, ["shoes_ressemelage_cuir", "shoes_zip"], 35.0, "two types combine"),
            ("shoes", 30.00, ["shoes_ressemelage_cuir", "shoes_zip"], 18.0, "the combination is capped"),
            ("shoes", 80.00, ["shoes_ressemelage_cuir", "shoes_couture"], 25.0, "the glue of a resoling earns nothing"),
            ("shoes", 30.00, ["shoes_bonbout", "shoes_couture"], 7.0, "nor that of heel tips"),
            ("shoes", 30.00, ["shoes_couture"], 8.0, "gluing alone earns its bonus"),
            ("shoes", 30.00, ["shoes_bonbout", "shoes_bonbout"], 7.0, "heel tips count once per pair"),
            ("shoes", 60.00, ["shoes_patins", "shoes_patins", "shoes_zip"], 18.0, "per pair once, zip counted"),
            ("textile", 30.00, ["textile_trou", "textile_trou"], 14.0, "two tears are two repairs"),
            ("textile", 12.00, ["textile_doublure_complexe"], 7.2, "60 % of 12 €"),
        ]
        for family, price, names, amount, why in cases:
            with self.subTest(why):
                result = self.bonus(getattr(self, family), price, names)
                self.assertAlmostEqual(result["amount"], amount, places=2)
                self.assertEqual(bool(result["reason"]), amount == 0.0)

    def test_types_of_another_family_earn_nothing(self):
        result = self.bonus(self.shoes, 50.0, ["textile_trou"])
        self.assertEqual(result["amount"], 0.0)
        self.assertIn("is not a repair type of", result["reason"])

    def test_validity_dates(self):
        before = self.bonus(self.shoes, 60.0, ["shoes_ressemelage_cuir"], date(2023, 11, 6))
        self.assertEqual(before["amount"], 0.0)
        self.assertIn("not in the grid", before["reason"])
        # Refashion raises the leather resole to 30 EUR from 2026-01-01: a new dated
        # amount of the same type, the previous one ending the day before
        leather = self.t["shoes_ressemelage_cuir"]
        leather.amount_ids.date_to = date(2025, 12, 31)
        leather.amount_ids = [Command.create({"amount": 30.0, "date_from": date(2026, 1, 1)})]
        self.assertEqual(self.bonus(self.shoes, 60.0, ["shoes_ressemelage_cuir"], date(2025, 12, 31))["amount"], 25.0)
        self.assertEqual(self.bonus(self.shoes, 60.0, ["shoes_ressemelage_cuir"], date(2026, 1, 1))["amount"], 30.0)

    def test_bad_grid_values_are_refused(self):
        amount = self.t["shoes_zip"].amount_ids
        with self.assertRaises(ValidationError) as caught:
            amount.amount = -5
        self.assertIn("positive amount", str(caught.exception))
        with self.assertRaises(ValidationError) as caught:
            amount.date_to = date(2020, 1, 1)
        self.assertIn("ends before it starts", str(caught.exception))
        with self.assertRaises(ValidationError) as caught:
            amount.copy({"date_from": date(2025, 1, 1)})
        self.assertIn("two amounts on 2025-01-01", str(caught.exception))
        with self.assertRaises(ValidationError) as caught:
            self.shoes.cap_rate = 120
        self.assertIn("between 0 and 100", str(caught.exception))

    def test_the_grid_carries_size_tiers_and_the_2025_families(self):
        ref = self.env.ref
        for xmlid in ("type_shoes_zip_long", "type_textile_zip_long"):
            long_zip = ref(f"pos_repair_bonus.{xmlid}")
            self.assertIn("20 cm", long_zip.size_note)
            self.assertEqual(long_zip.amount, 14.0)
            self.assertTrue(long_zip.amount_ids.source)
        for family in ("family_household_linen", "family_lingerie"):
            types = ref(f"pos_repair_bonus.{family}").with_context(active_test=False).repair_type_ids
            self.assertTrue(types)
            self.assertFalse(types.filtered("active"), "inactive until an administrator enters amounts")
            self.assertFalse(types.amount_ids)
