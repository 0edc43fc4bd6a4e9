import json

from odoo.tests import TransactionCase, tagged
from odoo.tools import file_open

from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon

TIERS = {"gold": 1, "orange": 2, "red": 3}


def rule_cases():
    """The table of cases the till's rules and the server's both run."""
    with file_open("customer_loyalty/static/tests/rule_cases.json") as cases:
        return json.load(cases)


def card_arguments(case):
    """A card case as the rules take it: tiers by id, ``!`` for a blocked card."""
    cards = [
        {"tier_id": TIERS.get((name or "").rstrip("!"), False), "blocked": bool(name and name.endswith("!"))}
        for name in case["cards"]
    ]
    return case["requiresCard"], [TIERS[name] for name in case["tiers"]], cards


@tagged("post_install", "-at_install")
class TestRuleCases(TransactionCase):
    def test_the_server_gives_the_table_s_verdicts(self):
        table = rule_cases()
        Partner = self.env["res.partner"]
        for case in table["credit"]:
            with self.subTest(case["name"]):
                verdict = Partner._pos_credit_rule(
                    case["control"],
                    case["status"],
                    case["available"],
                    case["amount"],
                    age_minutes=case.get("ageMinutes", 0),
                    stale_minutes=case.get("staleMinutes", 0),
                    rounding=0.01,
                )
                self.assertEqual(verdict, case["expected"])
        Program = self.env["loyalty.program"]
        for case in table["card"]:
            with self.subTest(case["name"]):
                self.assertEqual(Program._loyalty_card_rule(*card_arguments(case)), case["expected"])

    def test_the_server_s_card_check_reads_blocked_cards_as_the_rule(self):
        program = self.env["loyalty.program"].create(
            {"name": "Remise porteurs", "program_type": "loyalty", "requires_loyalty_card": True}
        )
        customer = self.env["res.partner"].create({"name": "Anne Petit"})
        card = self.env["loyalty.card"].create({"program_id": program.id, "partner_id": customer.id})
        self.assertTrue(program._loyalty_card_allows(card))
        card.sudo().blocked = True
        self.assertFalse(program._loyalty_card_allows(card))


@tagged("post_install", "-at_install")
class TestRuleCasesTour(TestPointOfSaleHttpCommon):
    def test_the_till_gives_the_table_s_verdicts(self):
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("CustomerRuleCasesTour")
