import uuid
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user, tagged

from odoo.addons.point_of_sale.tests.common import TestPoSCommon

from .common import b64, bonus_case_products, bonus_case_tax, bonus_cases, jpeg_photo, refashion_account

CASES = bonus_cases()


@tagged("post_install", "-at_install")
class TestBonusRulesPerItem(TestPoSCommon):
    """The rules per repaired item on the server, from the table the till's tour
    runs too (static/tests/bonus_cases.json), and what refunds do to claims."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.config = cls.basic_config
        cls.refashion = refashion_account(
            cls.env, test_url="http://127.0.0.1:9/never-reached", pos_config_ids=[Command.link(cls.config.id)]
        )
        cls.bonus_method = cls.refashion.payment_method_id
        cls.tax = bonus_case_tax(cls.env)
        cls.products = bonus_case_products(cls.env, cls.tax, CASES)
        cls.types = {t.code: t for t in cls.env.ref("pos_repair_bonus.family_shoes").repair_type_ids}
        cls.photo = b64(jpeg_photo(320, 240, gps=False))

    def setUp(self):
        super().setUp()
        self.config = self.basic_config
        self.open_new_session()
        self.cash = self.config.payment_method_ids.filtered("is_cash_count")[:1]

    # -- helpers -------------------------------------------------------------------------
    def line_command(self, spec):
        product = self.products[spec["product"]]
        qty = spec.get("qty", 1)
        discount = spec.get("discount", 0)
        taxes = self.tax.compute_all(spec["price"] * (1 - discount / 100), self.currency, qty)
        types = [self.types[code].id for code in spec.get("types", [])]
        values = {
            "uuid": str(uuid.uuid4()),
            "product_id": product.id,
            "full_product_name": product.name,
            "qty": qty,
            "price_unit": spec["price"],
            "discount": discount,
            "price_subtotal": taxes["total_excluded"],
            "price_subtotal_incl": taxes["total_included"],
            "tax_ids": [Command.set(self.tax.ids)],
            "eco_bonus_item": spec.get("item", 0),
            "eco_bonus_repair_type_ids": [Command.set(types)],
            "eco_bonus_photo_ids": [
                Command.create({"name": f"p{i}.jpg", "image": self.photo}) for i in range(2 if types else 0)
            ],
            "pack_lot_ids": [],
        }
        if spec.get("refunded_orderline_id"):
            values["refunded_orderline_id"] = spec["refunded_orderline_id"]
        return Command.create(values)

    def sync(self, lines, bonus, date_order=None):
        commands = [self.line_command(spec) for spec in lines]
        total = self.currency.round(sum(command[2]["price_subtotal_incl"] for command in commands))
        payments = [(self.cash, self.currency.round(total - bonus))]
        if bonus:
            payments.append((self.bonus_method, bonus))
        data = self.create_ui_order_data([], payments=payments)
        untaxed = sum(command[2]["price_subtotal"] for command in commands)
        data.update(lines=commands, amount_total=total, amount_tax=total - untaxed)
        if date_order:
            data["date_order"] = fields.Datetime.to_string(date_order)
        result = self.env["pos.order"].sync_from_ui([data])
        order = self.env["pos.order"].browse(result["pos.order"][0]["id"])
        self.assertEqual(order.state, "paid")
        return order

    def sell(self, lines, bonus, date_order=None):
        order = self.sync(lines, bonus, date_order)
        self.env["pos.order"]._eco_bonus_create_pending_claims()
        return order

    def refund(self, order, quantities, bonus_back):
        """A refund made at the till: ``quantities`` {line: quantity given back}, the
        customer gets back the price less ``bonus_back``."""
        lines = []
        for line, qty in quantities.items():
            price = line.price_subtotal_incl / line.qty
            lines.append(
                {
                    "product": next(k for k, p in self.products.items() if p == line.product_id),
                    "price": price,
                    "qty": -qty,
                    "types": line.eco_bonus_repair_type_ids.mapped("code"),
                    "item": line.eco_bonus_item,
                    "refunded_orderline_id": line.id,
                }
            )
        return self.sync(lines, -bonus_back)

    def active(self, claims):
        return claims.filtered(lambda c: c.state != "cancelled" and not c.withdrawn)

    # -- the table -----------------------------------------------------------------------
    def test_the_table_of_cases(self):
        for case in CASES["cases"]:
            with self.subTest(case["name"]):
                order = self.sell(case["lines"], case["bonus"])
                expected = order._eco_bonus_expected(self.refashion)[0]
                self.assertEqual(expected, case["bonus"])
                claims = order.eco_bonus_claim_ids
                if case["bonus"]:
                    self.assertEqual(set(claims.mapped("state")), {"pending"}, claims.mapped("review_reason"))
                    self.assertAlmostEqual(sum(claims.mapped("amount")), case["bonus"])
                    for claim in claims:
                        self.assertAlmostEqual(sum(claim.line_ids.mapped("amount")), claim.amount)

    def test_one_claim_per_repaired_item_with_its_photos(self):
        order = self.sell(
            [
                {"product": "resole", "price": 45.0, "types": ["CH-RESS-CUIR", "CH-BONBOUT"], "item": 1},
                {"product": "heel", "price": 15.0, "types": ["CH-BONBOUT"], "item": 1},
                {"product": "glue", "price": 20.0, "types": ["CH-COUTURE"]},
            ],
            40.0,
        )
        claims = order.eco_bonus_claim_ids.sorted("amount")
        self.assertEqual(claims.mapped("amount"), [8.0, 32.0])
        pair = claims[1]
        self.assertEqual(pair.pos_order_line_ids, order.lines.filtered(lambda l: l.eco_bonus_item == 1))
        self.assertEqual(pair.repair_amount, 60.0)
        self.assertEqual(pair.pos_photo_count, 4)
        self.assertEqual(pair.line_ids.repair_type_id.mapped("code"), ["CH-RESS-CUIR", "CH-BONBOUT"])
        self.assertEqual(claims[0].pos_photo_count, 2)

    def test_a_tampered_bonus_on_items_asks_for_a_review_and_adds_up_to_the_deducted(self):
        order = self.sell(
            [
                {"product": "resole", "price": 59.0, "types": ["CH-RESS-CUIR", "CH-COUTURE"]},
                {"product": "glue", "price": 20.0, "types": ["CH-COUTURE"]},
            ],
            41.0,  # the grid gives 25 + 8: the collage on the resoling was counted
        )
        claims = order.eco_bonus_claim_ids
        self.assertEqual(set(claims.mapped("state")), {"to_review"})
        self.assertAlmostEqual(sum(claims.mapped("amount")), 41.0, msg="what Refashion owes in the accounts")
        self.assertIn("grid gives", claims[0].review_reason)

    def test_an_item_mixing_families_is_refused(self):
        textile = self.env["product.product"].create(
            {
                "name": "Ourlet (cas)",
                "available_in_pos": True,
                "refashion_eligible": True,
                "eco_bonus_family_id": self.env.ref("pos_repair_bonus.family_textile").id,
                "eco_bonus_repair_type_ids": [Command.set(self.env.ref("pos_repair_bonus.type_textile_trou").ids)],
            }
        )
        self.products["textile"] = textile
        self.types["TX-TROU"] = self.env.ref("pos_repair_bonus.type_textile_trou")
        order = self.sell(
            [
                {"product": "resole", "price": 59.0, "types": ["CH-RESS-CUIR"], "item": 1},
                {"product": "textile", "price": 20.0, "types": ["TX-TROU"], "item": 1},
            ],
            25.0,
        )
        self.assertEqual(order.eco_bonus_claim_ids.state, "to_review")
        self.assertIn("different bonus families", order.eco_bonus_claim_ids.review_reason)

    def test_a_new_amount_dated_tomorrow_changes_no_product(self):
        leather = self.types["CH-RESS-CUIR"]
        product = self.products["resole"]
        allowed = product.eco_bonus_repair_type_ids
        now = fields.Datetime.now()
        today = fields.Date.context_today(self.env["pos.order"], now)
        # Refashion publishes 30 EUR from tomorrow: a grid manager dates a new amount
        grid_manager = new_test_user(self.env, "grid_manager", groups="pos_repair_bonus.group_eco_bonus_grid_manager")
        as_manager = leather.with_user(grid_manager)
        as_manager.amount_ids.date_to = today
        as_manager.amount_ids = [Command.create({"amount": 30.0, "date_from": today + timedelta(days=1)})]
        self.assertEqual(leather.amount, 25.0, "today's amount")
        line = [{"product": "resole", "price": 59.0, "types": ["CH-RESS-CUIR"]}]
        today_sale = self.sell(line, 25.0, now)
        tomorrow_sale = self.sell(line, 30.0, now + timedelta(days=1))
        self.assertEqual(today_sale.eco_bonus_claim_ids.mapped("state"), ["pending"])
        self.assertEqual(today_sale.eco_bonus_claim_ids.amount, 25.0)
        self.assertEqual(tomorrow_sale.eco_bonus_claim_ids.mapped("state"), ["pending"])
        self.assertEqual(tomorrow_sale.eco_bonus_claim_ids.amount, 30.0)
        self.assertEqual(tomorrow_sale.eco_bonus_claim_ids.line_ids.repair_type_id, leather, "the same type")
        self.assertEqual(product.eco_bonus_repair_type_ids, allowed, "no product edited")
        # the claim keeps the amount of its day
        self.assertEqual(today_sale.eco_bonus_claim_ids.line_ids.amount, 25.0)

    # -- refunds -------------------------------------------------------------------------
    def test_a_refund_synced_before_the_queue_ran_cancels_the_claim(self):
        order = self.sync([{"product": "resole", "price": 59.0, "types": ["CH-RESS-CUIR"]}], 25.0)
        self.assertTrue(order.eco_bonus_to_claim)
        self.assertFalse(order.eco_bonus_claim_ids)
        refund = self.refund(order, {order.lines: 1}, 25.0)
        self.assertEqual(refund.amount_total, -59.0)
        self.assertFalse(refund.eco_bonus_to_claim, "a refund claims nothing")
        self.assertFalse(order.eco_bonus_to_claim)
        self.assertEqual(order.eco_bonus_claim_ids.state, "cancelled")
        self.env["pos.order"]._eco_bonus_create_pending_claims()
        self.assertEqual(len(order.eco_bonus_claim_ids), 1, "the queue claims nothing afterwards")
        self.assertFalse(refund.eco_bonus_claim_ids)

    def test_a_partial_refund_corrects_only_that_items_claim(self):
        order = self.sell(
            [
                {"product": "resole", "price": 59.0, "types": ["CH-RESS-CUIR"]},
                {"product": "glue", "price": 20.0, "types": ["CH-COUTURE"]},
            ],
            33.0,
        )
        resole_claim, glue_claim = (
            order.eco_bonus_claim_ids.filtered(lambda c, p=p: c.pos_order_line_ids.product_id == self.products[p])
            for p in ("resole", "glue")
        )
        resole_claim.write({"state": "sent", "external_id": "RF-1"})
        glue_line = order.lines.filtered(lambda l: l.product_id == self.products["glue"])
        order.refund()  # a draft refund of both lines, left unpaid: it changes nothing
        refund = self.refund(order, {glue_line: 1}, 8.0)
        self.assertEqual(glue_claim.state, "cancelled")
        self.assertEqual((resole_claim.state, resole_claim.withdrawn, resole_claim.amount), ("sent", False, 25.0))
        self.assertEqual(refund._eco_bonus_refund_amount(), -8.0)
        self.assertFalse(resole_claim.activity_ids, "the refund gave back the right bonus")

    def test_the_bonus_a_refund_gives_back_is_what_the_items_earned(self):
        order = self.sell(
            [
                {"product": "resole", "price": 59.0, "types": ["CH-RESS-CUIR"]},
                {"product": "glue", "price": 20.0, "types": ["CH-COUTURE"]},
            ],
            33.0,
        )
        glue_line = order.lines.filtered(lambda l: l.product_id == self.products["glue"])
        refund = self.env["pos.order"].browse(order.refund()["res_id"])
        refund.lines.filtered(lambda l: l.refunded_orderline_id != glue_line).unlink()
        refund._compute_batch_amount_all()
        self.assertEqual(refund._eco_bonus_refund_amount(), -8.0)
        wizard = self.env["pos.make.payment"].with_context(active_id=refund.id, active_ids=refund.ids).create({})
        self.assertEqual(wizard.amount, -12.0, "the customer paid 12 of the 20")
        wizard.payment_method_id = self.cash
        wizard.check()
        self.assertEqual(refund.state, "paid")
        bonus = refund.payment_ids.filtered(lambda p: p.payment_method_id == self.bonus_method)
        self.assertEqual(bonus.amount, -8.0)

    def test_one_of_two_pairs_refunded_cancels_the_unsent_claim(self):
        order = self.sell([{"product": "resole", "price": 50.0, "qty": 2, "types": ["CH-RESS-CUIR"]}], 50.0)
        claims = order.eco_bonus_claim_ids
        self.assertEqual(claims.mapped("amount"), [25.0, 25.0])
        claims[0].write({"state": "sent", "external_id": "RF-2"})
        # the second pair's claim is prepared with the photos the pairs share
        claims[1].with_context(force_report_rendering=False)._clean_pos_photos("test")
        self.refund(order, {order.lines: 1}, 25.0)
        self.assertEqual(claims[1].state, "cancelled", "the unsent claim goes, not the one Refashion holds")
        self.assertEqual((claims[0].state, claims[0].withdrawn), ("sent", False))
        self.refund(order, {order.lines: 1}, 25.0)
        self.assertTrue(claims[0].withdrawn)

    def test_a_refund_lowering_an_items_bonus_corrects_its_claim(self):
        pair = [
            {"product": "resole", "price": 45.0, "types": ["CH-RESS-CUIR", "CH-BONBOUT"], "item": 1},
            {"product": "heel", "price": 15.0, "types": ["CH-BONBOUT"], "item": 1},
        ]
        unsent = self.sell(pair, 32.0)
        sent = self.sell(pair, 32.0)
        sent.eco_bonus_claim_ids.write({"state": "sent", "external_id": "RF-3"})
        for order in (unsent, sent):
            heel = order.lines.filtered(lambda l: l.product_id == self.products["heel"])
            # the pair alone costs 45: the bonus is capped at 27, the refund gives 5 back
            refund = self.refund(order, {heel: 1}, 5.0)
            self.assertEqual(refund.amount_total, -15.0)
        claim = unsent.eco_bonus_claim_ids
        self.assertEqual((claim.state, claim.amount, claim.repair_amount), ("pending", 27.0, 45.0))
        self.assertAlmostEqual(sum(claim.line_ids.mapped("amount")), 27.0)
        held = sent.eco_bonus_claim_ids
        self.assertEqual((held.state, held.amount, held.withdrawn), ("sent", 32.0, False), "Refashion holds it")
        self.assertIn("earns", "\n".join(held.activity_ids.mapped("note")), "the manager corrects it on the site")

    def test_a_refund_of_another_line_leaves_the_claims_alone(self):
        order = self.sell(
            [
                {"product": "resole", "price": 40.0, "types": ["CH-RESS-CUIR"]},
                {"product": "polish", "price": 20.0},
                {"product": "discount", "price": -6.0},
            ],
            21.6,
        )
        claim = order.eco_bonus_claim_ids
        claim.write({"state": "sent", "external_id": "RF-5"})
        polish = order.lines.filtered(lambda l: l.product_id == self.products["polish"])
        self.refund(order, {polish: 1}, 0.0)
        self.assertEqual((claim.state, claim.amount, claim.withdrawn), ("sent", 21.6, False))
        # the whole discount now falls on the resole (34 paid, capped at 20.40): the
        # manager is told the refund should have given 1.20 of bonus back
        self.assertIn("gave back", "\n".join(claim.activity_ids.mapped("note")))

    def test_a_refund_and_a_new_repair_in_one_order(self):
        order = self.sell([{"product": "glue", "price": 20.0, "types": ["CH-COUTURE"]}], 8.0)
        glue = order.lines
        lines = [
            {
                "product": "glue",
                "price": 20.0,
                "qty": -1,
                "types": ["CH-COUTURE"],
                "refunded_orderline_id": glue.id,
            },
            {"product": "resole", "price": 59.0, "types": ["CH-RESS-CUIR"]},
        ]
        both = self.sync(lines, 25.0 - 8.0)
        self.assertEqual(order.eco_bonus_claim_ids.state, "cancelled")
        self.assertFalse(order.eco_bonus_claim_ids.activity_ids, "the till gave back the right bonus")
        claim = both.eco_bonus_claim_ids
        self.assertEqual((claim.state, claim.amount), ("pending", 25.0), claim.review_reason)
        # a till that deducted too much for the new repair: its claim is to review
        other = self.sell([{"product": "glue", "price": 20.0, "types": ["CH-COUTURE"]}], 8.0)
        tampered = self.sync([dict(lines[0], refunded_orderline_id=other.lines.id), lines[1]], 40.0 - 8.0)
        self.assertEqual(tampered.eco_bonus_claim_ids.state, "to_review")

    def test_a_negative_repair_line_is_a_discount(self):
        order = self.sell(
            [
                {"product": "resole", "price": 20.0, "types": ["CH-RESS-CUIR"]},
                {"product": "glue", "price": -5.0, "types": ["CH-COUTURE"]},
            ],
            9.0,  # 60 % of the 15 the customer paid, not of 20
        )
        self.assertEqual(order.eco_bonus_claim_ids.mapped("amount"), [9.0])
        self.assertEqual(order.eco_bonus_claim_ids.state, "pending", order.eco_bonus_claim_ids.review_reason)

    def test_a_refund_giving_back_a_wrong_bonus_is_flagged(self):
        order = self.sell([{"product": "resole", "price": 59.0, "types": ["CH-RESS-CUIR"]}], 25.0)
        order.eco_bonus_claim_ids.write({"state": "sent", "external_id": "RF-4"})
        # a forged refund: the customer takes 59 back in cash and Refashion's 25 stays owed
        self.refund(order, {order.lines: 1}, 0.0)
        claim = order.eco_bonus_claim_ids
        self.assertTrue(claim.withdrawn)
        self.assertTrue(claim.activity_ids, "the manager is told")

    def test_a_refund_giving_back_more_than_the_grid_is_flagged(self):
        order = self.sell([{"product": "resole", "price": 59.0, "types": ["CH-RESS-CUIR"]}], 25.0)
        self.refund(order, {order.lines: 1}, 40.0)
        claim = order.eco_bonus_claim_ids
        self.assertEqual(claim.state, "cancelled")
        self.assertIn("gave back", "\n".join(claim.activity_ids.mapped("note")))
