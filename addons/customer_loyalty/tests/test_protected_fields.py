from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .test_loyalty_cards import LoyaltyCardCase


@tagged("post_install", "-at_install")
class TestProtectedFields(LoyaltyCardCase):
    """What the addon and Odoo's till write themselves, nobody writes by hand over
    RPC: a card's tier, points and holder, the points a history line issues, the
    anonymisation of a customer, the evidence of a consent."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pos_manager = new_test_user(
            cls.env, "card_pos_manager", groups="base.group_user,point_of_sale.group_pos_manager"
        )

    def test_a_cashier_cannot_set_a_cards_tier_points_or_holder(self):
        card = self.assign(self.anne, "CARD-PROT-1")
        self.assertEqual(card.tier_id, self.red)
        as_cashier = card.with_user(self.cashier)
        for values in (
            {"tier_id": self.gold.id},
            {"year_points": 30000},
            {"points": 5000},
            {"partner_id": self.paul.id},
        ):
            with self.subTest(values=values), self.assertRaises(AccessError):
                as_cashier.write(values)
        with self.assertRaises(AccessError):
            self.Card.with_user(self.cashier).create(
                {"program_id": self.program.id, "partner_id": self.paul.id, "points": 9999}
            )
        with self.assertRaises(AccessError, msg="a history line that would raise the tier"):
            self.env["loyalty.history"].with_user(self.cashier).create(
                {"card_id": card.id, "description": "Ajout manuel", "issued": 30000}
            )
        card.invalidate_recordset()
        self.assertEqual((card.tier_id, card.points, card.year_points, card.partner_id), (self.red, 0, 0, self.anne))
        # a manager of the programmes upgrades a card by hand
        card.with_user(self.pos_manager).tier_id = self.orange
        self.assertEqual(card.tier_id, self.orange)
        # what the addon does for the cashier still works: the points of a sale
        card.with_user(self.cashier).sudo()._add_year_points({card.sudo(): 120.0})
        self.assertEqual(card.year_points, 120.0)

    def test_anonymisation_and_consent_evidence_are_written_by_the_addon_only(self):
        admin = self.env.ref("base.user_admin")
        with self.assertRaises(AccessError):
            self.anne.with_user(admin).write({"is_anonymised": True})
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(admin).create({"name": "Faux anonyme", "is_anonymised": True})
        self.assertFalse(self.anne.is_anonymised)
        consent = self.anne.consent_ids[:1]
        self.assertTrue(consent, "every customer has a line per purpose")
        for values in ({"date": "2020-01-01 10:00:00"}, {"source": "portal"}, {"user_id": self.cashier.id}):
            with self.subTest(values=values), self.assertRaises(AccessError):
                consent.with_user(admin).write(values)
        consent.with_user(admin).status = "accepted"
        self.assertEqual((consent.source, consent.user_id), ("backend", admin), "stamped with the status")
        self.paul.with_user(self.pos_manager).action_anonymise()
        self.assertTrue(self.paul.is_anonymised, "the Anonymise action does it")
