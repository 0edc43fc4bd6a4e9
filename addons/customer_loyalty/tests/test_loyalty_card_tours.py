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

    def test_a_card_scanned_on_the_product_screen_sets_its_holder(self):
        opened = self.env["loyalty.card"].create(
            {"program_id": self.program.id, "partner_id": self.anne.id, "points": 12}
        )
        printed = self.env["loyalty.card"].create(
            {"program_id": self.program.id, "code": "PRINTED-5", "card_kind": "physical"}
        )
        self.run_tour("LoyaltyCardScanOnProductScreenTour")
        self.assertEqual((printed.partner_id, printed.points), (self.anne, 12))
        self.assertEqual((opened.active, opened.replaced_by_id), (False, printed))

    def test_card_details_and_block_from_the_till(self):
        card = self.env["loyalty.card"].search([("code", "=", "CLAIRE-1")])
        self.env["loyalty.history"].create({"card_id": card.id, "description": "Vente du samedi", "issued": 40})
        card.write({"points": 40, "year_points": 40})
        self.pos_user.groups_id += self.env.ref("customer_loyalty.group_block_loyalty_cards")
        self.run_tour("LoyaltyCardDetailsBlockTour")
        card.invalidate_recordset()
        self.assertTrue(card.blocked)
        self.assertEqual(card.block_reason_id, self.env.ref("customer_loyalty.block_reason_lost"))
        new = card.replaced_by_id
        self.assertEqual((new.code, new.partner_id, new.points, new.year_points), ("CLAIRE-2", self.claire, 40, 40))
        self.assertEqual(new.history_ids.mapped("description"), ["Vente du samedi"])

    def test_a_cashier_not_granted_sees_no_block(self):
        self.run_tour("LoyaltyCardDetailsNoBlockTour")
        card = self.env["loyalty.card"].search([("code", "=", "CLAIRE-1")])
        # nor can the server be asked directly
        reason = self.env.ref("customer_loyalty.block_reason_lost")
        answer = self.env["loyalty.card"].with_user(self.pos_user).pos_block_card(card.id, reason.id)
        self.assertIn("not allowed", answer["error"])
        self.assertFalse(card.blocked)

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
