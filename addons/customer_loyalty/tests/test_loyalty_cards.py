import threading
import time
from datetime import date

from psycopg2 import IntegrityError

from odoo import Command, api
from odoo.exceptions import AccessError, ValidationError
from odoo.sql_db import db_connect
from odoo.tests import Form, TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.point_of_sale.tests.common import TestPoSCommon


def make_card_program(env, name="Carte de fidélité", **values):
    return env["loyalty.program"].create(
        {
            "name": name,
            "program_type": "loyalty",
            "applies_on": "both",
            "trigger": "auto",
            "rule_ids": [Command.create({"reward_point_mode": "money", "reward_point_amount": 1})],
            "reward_ids": [
                Command.create(
                    {
                        "reward_type": "discount",
                        "discount": 10,
                        "discount_mode": "per_order",
                        "discount_applicability": "order",
                        "required_points": 1000,
                    }
                )
            ],
            "tier_ids": [
                Command.create({"name": "Rouge", "points_threshold": 0}),
                Command.create({"name": "Orange", "points_threshold": 10000}),
                Command.create({"name": "Or", "points_threshold": 25000}),
            ],
            **values,
        }
    )


class LoyaltyCardCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program = make_card_program(cls.env)
        cls.red, cls.orange, cls.gold = cls.program.tier_ids.sorted("points_threshold")
        cls.anne = cls.env["res.partner"].create({"name": "Anne Petit", "email": "anne.petit@example.com"})
        cls.paul = cls.env["res.partner"].create({"name": "Paul Martin"})
        cls.cashier = new_test_user(cls.env, "card_cashier", groups="base.group_user,point_of_sale.group_pos_user")
        cls.trusted_cashier = new_test_user(
            cls.env,
            "card_trusted_cashier",
            groups="base.group_user,point_of_sale.group_pos_user,customer_loyalty.group_block_loyalty_cards",
        )
        cls.lost = cls.env.ref("customer_loyalty.block_reason_lost")
        cls.upgrade = cls.env.ref("customer_loyalty.block_reason_upgrade")
        cls.Card = cls.env["loyalty.card"]
        # the cashiers' messages are checked in French too
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms(["customer_loyalty"], ["fr_FR"], overwrite=True)

    def assign(self, partner, code, kind="physical", user=None):
        cards = self.Card.with_user(user or self.cashier)
        return cards._assign_card(self.program.with_env(cards.env), partner.with_env(cards.env), kind, code)

    def earn(self, card, points):
        self.env["loyalty.history"].create({"card_id": card.id, "description": "Vente", "issued": points})
        card.points += points


@tagged("post_install", "-at_install")
class TestCardAssignment(LoyaltyCardCase):
    def test_a_number_is_on_one_customer_only(self):
        card = self.assign(self.anne, "2000000000001")
        self.assertEqual((card.partner_id, card.card_kind, card.tier_id), (self.anne, "physical", self.red))
        self.assertEqual(self.assign(self.anne, " 2000000000001 "), card, "scanning the same card again is harmless")
        with self.assertRaisesRegex(ValidationError, "La carte est déjà en usage"):
            self.Card.with_user(self.cashier).with_context(lang="fr_FR")._assign_card(
                self.program, self.paul, "physical", "2000000000001"
            )
        self.assertFalse(self.Card.search([("partner_id", "=", self.paul.id)]))

    def test_a_printed_card_is_given_once(self):
        printed = self.Card.create({"program_id": self.program.id, "code": "PRINTED-7", "card_kind": "physical"})
        self.assertEqual(self.assign(self.paul, "PRINTED-7"), printed)
        self.assertEqual(printed.partner_id, self.paul)
        with self.assertRaisesRegex(ValidationError, "The card is already in use"):
            self.assign(self.anne, "PRINTED-7")

    def test_one_active_card_per_customer_and_programme(self):
        first = self.assign(self.anne, "A-1")
        with self.assertRaisesRegex(ValidationError, "Anne Petit already has the card A-1"):
            self.assign(self.anne, "A-2")
        # the database keeps the rule whatever the path
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self.Card.create({"program_id": self.program.id, "partner_id": self.anne.id, "code": "A-3"})
        self.assertEqual(self.Card.search([("partner_id", "=", self.anne.id)]), first)

    def test_the_card_the_till_opened_takes_the_number(self):
        opened = self.Card.create({"program_id": self.program.id, "partner_id": self.paul.id, "points": 42})
        card = self.assign(self.paul, "NEW-42")
        self.assertEqual(card, opened)
        self.assertEqual((card.code, card.points, card.card_kind), ("NEW-42", 42, "physical"))

    def test_a_printed_card_takes_over_the_card_the_till_opened(self):
        opened = self.Card.create({"program_id": self.program.id, "partner_id": self.paul.id})
        self.earn(opened, 30)
        printed = self.Card.create({"program_id": self.program.id, "code": "PRINTED-9", "card_kind": "physical"})
        card = self.assign(self.paul, "PRINTED-9")
        self.assertEqual(card, printed)
        self.assertEqual((card.partner_id, card.points, card.card_kind), (self.paul, 30, "physical"))
        self.assertEqual(card.history_ids.mapped("issued"), [30])
        opened.invalidate_recordset()
        self.assertEqual((opened.active, opened.points, opened.replaced_by_id), (False, 0, printed))
        self.assertEqual(self.Card.search([("partner_id", "=", self.paul.id)]), printed)

    def test_a_printed_card_does_not_replace_a_card_handed_out(self):
        self.assign(self.paul, "P-1")
        self.Card.create({"program_id": self.program.id, "code": "PRINTED-10", "card_kind": "physical"})
        with self.assertRaisesRegex(ValidationError, "Paul Martin already has the card P-1"):
            self.assign(self.paul, "PRINTED-10")

    def test_a_virtual_card_is_numbered_and_emailed(self):
        card = self.assign(self.anne, None, kind="virtual")
        self.assertTrue(card.code)
        self.assertEqual(card.card_kind, "virtual")
        mail = self.env["mail.mail"].search([("model", "=", "loyalty.card"), ("res_id", "=", card.id)])
        self.assertEqual(len(mail), 1)
        self.assertIn(f"/report/barcode/QR/{card.code}", mail.body_html)
        self.assertEqual(mail.recipient_ids, self.anne)

    def test_the_till_gets_the_card_or_the_reason(self):
        answer = self.Card.with_user(self.cashier).pos_assign_card(self.program.id, self.anne.id, "physical", "T-1")
        self.assertEqual(answer["card"]["code"], "T-1")
        self.assertEqual(answer["card"]["tier_id"], self.red.id)
        answer = self.Card.with_user(self.cashier).pos_assign_card(self.program.id, self.paul.id, "physical", "T-1")
        self.assertEqual(answer, {"error": "The card is already in use"})
        self.Card.browse(self.assign(self.paul, "T-2").id)._block(self.lost)
        answer = (
            self.Card.with_user(self.cashier)
            .with_context(lang="fr_FR")
            .pos_assign_card(self.program.id, self.anne.id, "physical", "T-2")
        )
        self.assertEqual(answer, {"error": "Carte bloquée : Perdue"})


@tagged("post_install", "-at_install")
class TestConcurrentAssignment(TransactionCase):
    """Two tills give the same card number to two customers at the same time:
    real connections, committed data, one of them is told the card is in use."""

    def test_two_tills_same_number(self):
        dbname = self.env.cr.dbname
        with db_connect(dbname).cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            program = make_card_program(env, "Carte concurrente")
            first, second = env["res.partner"].create([{"name": "Client A"}, {"name": "Client B"}])
            ids = program.id, first.id, second.id
            cr.commit()  # pylint: disable=invalid-commit
        barrier = threading.Barrier(2)
        results = {}

        def till(partner_id):
            with db_connect(dbname).cursor() as cr:
                # the registry is given, not looked up: the test runner holds the lock of that lookup
                cr.transaction = api.Transaction(self.registry)
                env = api.Environment(cr, api.SUPERUSER_ID, {})
                barrier.wait(30)
                try:
                    card = env["loyalty.card"]._assign_card(
                        env["loyalty.program"].browse(ids[0]),
                        env["res.partner"].browse(partner_id),
                        "physical",
                        "RACE-1",
                    )
                    # the other till runs while this one has not committed yet
                    time.sleep(1)
                    cr.commit()  # pylint: disable=invalid-commit
                    results[partner_id] = card.id
                except ValidationError as error:
                    cr.rollback()
                    results[partner_id] = error.args[0]
                except Exception as error:  # noqa: BLE001 - shown by the assertion below
                    cr.rollback()
                    results[partner_id] = repr(error)

        try:
            with mute_logger("odoo.sql_db"):
                threads = [threading.Thread(target=till, args=(partner_id,)) for partner_id in ids[1:]]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(60)
            self.assertEqual(
                sorted(map(type, results.values()), key=str), [int, str], f"one card, one refusal: {results}"
            )
            self.assertIn("The card is already in use", results.values())
            with db_connect(dbname).cursor() as cr:
                cr.execute("SELECT partner_id FROM loyalty_card WHERE code = 'RACE-1'")
                self.assertEqual(len(cr.fetchall()), 1)
        finally:
            with db_connect(dbname).cursor() as cr:
                env = api.Environment(cr, api.SUPERUSER_ID, {})
                env["loyalty.card"].with_context(active_test=False).search([("program_id", "=", ids[0])]).unlink()
                program = env["loyalty.program"].browse(ids[0])
                program.action_archive()
                program.unlink()
                env["res.partner"].browse(ids[1:]).unlink()
                cr.commit()  # pylint: disable=invalid-commit


@tagged("post_install", "-at_install")
class TestBlockAndReissue(LoyaltyCardCase):
    def test_lost_card_replaced_with_points_and_history(self):
        card = self.assign(self.anne, "OLD-1")
        self.earn(card, 120)
        self.earn(card, 30)
        wizard = Form(
            self.env["loyalty.card.block.wizard"].with_user(self.trusted_cashier).with_context(default_card_id=card.id)
        )
        wizard.reason_id = self.lost
        wizard.create_new_card = True
        wizard.new_code = "NEW-1"
        action = wizard.save().action_block()
        new = self.Card.browse(action["res_id"])
        self.assertEqual((new.code, new.partner_id, new.points, new.year_points), ("NEW-1", self.anne, 150, 150))
        self.assertEqual(sum(new.history_ids.mapped("issued")), 150, "the history follows the new number")
        card = card.with_context(active_test=False)
        self.assertTrue(card.blocked)
        self.assertFalse(card.active)
        self.assertEqual((card.points, card.block_reason_id, card.replaced_by_id), (0, self.lost, new))
        self.assertFalse(card.history_ids)
        self.assertEqual(card.blocked_by_id, self.trusted_cashier)
        # the blocked number is refused at the till, with its reason
        answer = self.env["pos.config"].create({"name": "Caisse"}).use_coupon_code("OLD-1", "2026-01-01", False, False)
        self.assertEqual(answer["payload"]["error_message"], "Blocked card: Lost")
        with self.assertRaisesRegex(ValidationError, "Blocked card: Lost"):
            self.assign(self.paul, "OLD-1")

    def test_block_needs_a_reason(self):
        card = self.assign(self.anne, "R-1")
        with self.assertRaisesRegex(ValidationError, "Choose why"):
            card._block(self.env["loyalty.card.block.reason"])
        self.assertFalse(card.blocked)

    def test_a_cashier_blocks_only_when_granted(self):
        card = self.assign(self.anne, "G-1")
        with self.assertRaises(AccessError):
            self.env["loyalty.card.block.wizard"].with_user(self.cashier).create(
                {"card_id": card.id, "reason_id": self.lost.id}
            )
        with self.assertRaises(AccessError):
            card.with_user(self.cashier)._block(self.lost)
        with self.assertRaises(AccessError):
            card.with_user(self.cashier).write({"blocked": True})
        self.assertFalse(card.blocked)
        card.with_user(self.trusted_cashier)._block(self.lost)
        self.assertTrue(card.blocked)


@tagged("post_install", "-at_install")
class TestTiers(LoyaltyCardCase):
    def test_automatic_upgrade_at_the_threshold(self):
        card = self.assign(self.anne, "T-1")
        self.earn(card, 9999)
        self.assertEqual(card.tier_id, self.red)
        self.earn(card, 1)
        self.assertEqual(card.tier_id, self.orange, "10 000 points in the year: Orange")
        self.earn(card, 15000)
        self.assertEqual(card.tier_id, self.gold)
        self.assertEqual(card.year_points, 25000)

    def test_upgrade_by_reissue(self):
        self.program.tier_upgrade = "reissue"
        card = self.assign(self.anne, "ROUGE-1")
        self.earn(card, 11860)
        self.assertEqual(card.tier_id, self.red, "the cashier hands out the new card")
        new = card._block(self.upgrade, new_code="ORANGE-1", new_kind="physical")
        self.assertEqual((new.tier_id, new.points), (self.orange, 11860))

    def test_no_upgrade_before_the_threshold(self):
        card = self.assign(self.anne, "ROUGE-2")
        self.earn(card, 500)
        with self.assertRaisesRegex(ValidationError, "has not reached a higher tier"):
            card._block(self.upgrade, new_code="ORANGE-2", new_kind="physical")
        self.assertFalse(card.blocked)


@tagged("post_install", "-at_install")
class TestYearEndReset(LoyaltyCardCase):
    def test_reset_once_a_year(self):
        self.program.write(
            {"points_reset": True, "points_reset_month": "1", "points_reset_day": 1, "last_reset_year": 2026}
        )
        other = make_card_program(self.env, "Sans remise à zéro")
        card = self.assign(self.anne, "Y-1")
        self.earn(card, 12000)
        kept = self.Card.create({"program_id": other.id, "partner_id": self.anne.id, "points": 70})
        Program = self.env["loyalty.program"]
        self.assertFalse(Program._cron_reset_year_points(date(2026, 12, 31)) & self.program)
        self.assertIn(self.program, Program._cron_reset_year_points(date(2027, 1, 1)))
        self.assertEqual((card.points, card.year_points, card.tier_id), (0, 0, self.orange), "the tier stays")
        self.assertEqual(card.history_ids[0].used, 12000, "the reset is traced in the history")
        self.assertEqual(kept.points, 70)
        self.assertEqual(self.program.last_reset_year, 2027)
        self.earn(card, 40)
        # run again the same year (a second run, a restarted server): nothing more happens
        self.assertFalse(Program._cron_reset_year_points(date(2027, 1, 2)) & self.program)
        self.assertEqual(card.points, 40)
        self.assertEqual(len(card.history_ids), 3)

    def test_reset_day_is_a_day_of_the_month(self):
        with self.assertRaises(ValidationError):
            self.program.write({"points_reset": True, "points_reset_month": "2", "points_reset_day": 30})


@tagged("post_install", "-at_install")
class TestCardDiscountAtSync(TestPoSCommon):
    """The server checks again, at sync, the card of a customer who got a
    discount reserved to card holders: kept, and reported when the card is missing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.config = cls.basic_config
        cls.card_program = make_card_program(cls.env)
        cls.promotion = cls.env["loyalty.program"].create(
            {
                "name": "Remise porteurs de carte",
                "program_type": "promotion",
                "requires_loyalty_card": True,
                "reward_ids": [Command.create({"reward_type": "discount", "discount": 10, "required_points": 1})],
            }
        )
        cls.product = cls.create_product("Ressemelage", cls.categ_basic, 50.0, tax_ids=[])
        cls.holder, cls.stranger = cls.env["res.partner"].create([{"name": "Anne Petit"}, {"name": "Paul Martin"}])
        cls.env["loyalty.card"]._assign_card(cls.card_program, cls.holder, "physical", "HOLDER-1")

    def sell_with_card_discount(self, customer):
        reward = self.promotion.reward_ids
        data = self.create_ui_order_data(
            [
                (self.product, 1),
                {
                    "product": reward.discount_line_product_id,
                    "quantity": 1,
                    "reward_id": reward.id,
                    "is_reward_line": True,
                },
            ],
            customer=customer,
        )
        result = self.env["pos.order"].sync_from_ui([data])
        return self.env["pos.order"].browse(result["pos.order"][0]["id"])

    def test_a_discount_without_the_card_is_reported(self):
        self.open_new_session()
        kept = self.sell_with_card_discount(self.holder)
        reported = self.sell_with_card_discount(self.stranger)
        self.assertEqual((kept.state, reported.state), ("paid", "paid"), "both orders are kept")
        self.assertNotIn("reserved to loyalty card holders", " ".join(kept.message_ids.mapped("body")))
        self.assertIn(
            "The discount Remise porteurs de carte is reserved to loyalty card holders and the customer of this "
            "order (Paul Martin) has no such card.",
            " ".join(reported.message_ids.mapped("body")),
        )
