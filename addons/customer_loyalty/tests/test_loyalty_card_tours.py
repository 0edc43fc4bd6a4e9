from odoo import Command
from odoo.tests import tagged

from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon

from .test_loyalty_cards import make_card_program


@tagged("post_install", "-at_install")
class TestLoyaltyCardTours(TestPointOfSaleHttpCommon):
    """The till in headless Chromium: a card scanned into the customer's file, a
    blocked card refused with its reason, and the question asked when the
    customer of an order with a card-holder discount changes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["loyalty.program"].search([]).write({"active": False})
        cls.main_pos_config.write({"issue_physical_cards": True, "issue_virtual_cards": False})
        cls.program = make_card_program(cls.env, tier_ids=[Command.create({"name": "Rouge", "points_threshold": 0})])
        cls.env["loyalty.program"].create(
            {
                "name": "Remise porteurs de carte",
                "program_type": "promotion",
                "applies_on": "current",
                "trigger": "auto",
                "requires_loyalty_card": True,
                "rule_ids": [
                    Command.create(
                        {"reward_point_mode": "order", "reward_point_amount": 1, "minimum_amount": 0, "minimum_qty": 0}
                    )
                ],
                "reward_ids": [
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount": 10,
                            "discount_mode": "percent",
                            "discount_applicability": "order",
                            "required_points": 1,
                        }
                    )
                ],
            }
        )
        cls.env["product.product"].create(
            {
                "name": "Ressemelage",
                "type": "service",
                "list_price": 100.0,
                "taxes_id": [Command.clear()],
                "available_in_pos": True,
            }
        )
        partners = cls.env["res.partner"].create(
            [
                {"name": "Claire Petit"},
                {"name": "Anne Marie", "email": "anne.marie@example.com"},
                {"name": "Paul Martin"},
            ]
        )
        cls.claire, cls.anne, cls.paul = partners
        Card = cls.env["loyalty.card"]
        Card._assign_card(cls.program, cls.claire, "physical", "CLAIRE-1")
        Card._assign_card(cls.program, cls.paul, "physical", "BLOQUEE-1")._block(
            cls.env.ref("customer_loyalty.block_reason_lost")
        )

    def run_tour(self, tour):
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour(tour)

    def test_assign_a_card_by_scan(self):
        self.run_tour("LoyaltyCardAssignTour")
        card = self.env["loyalty.card"].search([("code", "=", "CARTE-0001")])
        self.assertEqual((card.partner_id, card.card_kind), (self.anne, "physical"))
        self.assertEqual(card.tier_id.name, "Rouge")

    def test_blocked_card_refused(self):
        self.run_tour("LoyaltyCardBlockedTour")
        self.assertFalse(self.env["loyalty.card"].search([("partner_id", "=", self.anne.id)]))

    def test_recompute_on_customer_change(self):
        self.run_tour("LoyaltyCardRecomputeTour")

    def test_no_card_type_at_this_till(self):
        self.main_pos_config.issue_physical_cards = False
        self.run_tour("LoyaltyCardNoTypeTour")
        self.assertFalse(self.env["loyalty.card"].search([("partner_id", "=", self.anne.id)]))

    def test_virtual_card_chosen_among_two_types(self):
        self.main_pos_config.issue_virtual_cards = True
        self.run_tour("LoyaltyCardVirtualTour")
        card = self.env["loyalty.card"].search([("partner_id", "=", self.anne.id)])
        self.assertEqual(card.card_kind, "virtual")
        self.assertTrue(
            self.env["mail.mail"].search([("model", "=", "loyalty.card"), ("res_id", "=", card.id)]),
            "the card is e-mailed to the customer",
        )
