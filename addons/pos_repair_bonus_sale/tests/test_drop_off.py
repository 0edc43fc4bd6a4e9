from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, tagged

from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon
from odoo.addons.pos_repair_bonus.tests.common import b64, jpeg_photo, refashion_account, repair_product


@tagged("post_install", "-at_install")
class TestRepairDropOff(TestPointOfSaleHttpCommon):
    """Shoes left at the counter one day, paid at the pick-up another: the types and
    photos of the drop-off reach the paying order and its claim."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.refashion = refashion_account(cls.env, pos_config_ids=[Command.link(cls.main_pos_config.id)])
        cls.main_pos_config.down_payment_product_id = cls.env.ref("pos_sale.default_downpayment_product")
        cls.resole_type = cls.env.ref("pos_repair_bonus.type_shoes_ressemelage_cuir")
        cls.resole = repair_product(
            cls.env, "Ressemelage cuir", 40.0, ["type_shoes_ressemelage_cuir", "type_shoes_bonbout"]
        )
        # the lowest rights that settle a sale order at the till: a cashier who sells
        cls.pos_user.groups_id += cls.env.ref("sales_team.group_sale_salesman")

    def line(self, **values):
        return {
            "product_id": self.resole.id,
            "qty": 1,
            "price_unit": 40.0,
            "discount": 0.0,
            "eco_bonus_repair_type_ids": self.resole_type.ids,
            "eco_bonus_photos": [
                {"name": "left.jpg", "image": b64(jpeg_photo(640, 480))},
                {"name": "right.jpg", "image": b64(jpeg_photo(640, 480, gps=False))},
            ],
            **values,
        }

    def drop_off(self, user=None, **values):
        SaleOrder = self.env["sale.order"].with_user(user or self.pos_user)
        result = SaleOrder.create_drop_off_from_pos(
            self.main_pos_config.id, {"partner_id": self.partner_test_1.id, "lines": [self.line(**values)]}
        )
        return self.env["sale.order"].browse(result["id"])

    def test_the_drop_off_keeps_types_item_and_photos(self):
        order = self.drop_off(eco_bonus_item=3)
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.partner_id, self.partner_test_1)
        self.assertFalse(order.user_id, "no salesperson: any cashier who sells settles it")
        self.assertEqual(order.amount_total, 40.0)
        line = order.order_line
        self.assertEqual(line.eco_bonus_repair_type_ids, self.resole_type)
        self.assertEqual(line.eco_bonus_item, 3)
        self.assertEqual(line.eco_bonus_photo_ids.sorted("id").mapped("name"), ["left.jpg", "right.jpg"])
        self.assertEqual(set(line.eco_bonus_photo_ids.mapped("res_id")), {line.id})
        photos = self.env["sale.order.line"].with_user(self.pos_user).get_eco_bonus_photos_for_pos(line.ids)
        self.assertEqual([photo["name"] for photo in photos[line.id]], ["left.jpg", "right.jpg"])
        self.assertTrue(photos[line.id][0]["image"])

    def test_a_type_the_product_cannot_claim_writes_nothing(self):
        before = self.env["sale.order"].search_count([])
        other = self.env["eco.bonus.repair.type"].search(
            [("id", "not in", self.resole.eco_bonus_repair_type_ids.ids)], limit=1
        )
        with self.assertRaises(ValidationError):
            self.drop_off(eco_bonus_repair_type_ids=other.ids)
        self.assertEqual(self.env["sale.order"].search_count([]), before)
        self.assertFalse(
            self.env["ir.attachment"].search([("res_model", "=", "sale.order.line"), ("name", "=", "left.jpg")])
        )

    def test_a_negative_price_is_refused_at_the_drop_off(self):
        before = self.env["sale.order"].search_count([])
        with self.assertRaises(ValidationError):
            self.drop_off(price_unit=-10.0, eco_bonus_repair_type_ids=[])
        self.assertEqual(self.env["sale.order"].search_count([]), before)

    def test_a_file_that_is_no_photo_is_refused_at_the_drop_off(self):
        before = self.env["sale.order"].search_count([])
        with self.assertRaises(ValidationError):
            self.drop_off(eco_bonus_photos=[{"name": "x.jpg", "image": b64(b"%PDF-1.4 not a photo")}])
        self.assertEqual(self.env["sale.order"].search_count([]), before)

    def test_only_till_users_record_drop_offs(self):
        clerk = self.env["res.users"].create(
            {
                "name": "Back-office clerk",
                "login": "clerk_drop_off",
                "groups_id": [Command.set([self.env.ref("sales_team.group_sale_salesman").id])],
            }
        )
        with self.assertRaises(AccessError):
            self.drop_off(user=clerk)

    def test_photos_of_another_company_s_drop_off_are_not_given(self):
        order = self.drop_off()
        other_company = self.env["res.company"].create({"name": "Autre atelier"})
        outsider = self.env["res.users"].create(
            {
                "name": "Caissier d'ailleurs",
                "login": "cashier_elsewhere",
                "company_id": other_company.id,
                "company_ids": [Command.set(other_company.ids)],
                "groups_id": [
                    Command.set(
                        [
                            self.env.ref("point_of_sale.group_pos_user").id,
                            self.env.ref("sales_team.group_sale_salesman_all_leads").id,
                        ]
                    )
                ],
            }
        )
        with self.assertRaises(AccessError):
            self.env["sale.order.line"].with_user(outsider).get_eco_bonus_photos_for_pos(order.order_line.ids)

    def test_drop_off_then_pick_up_applies_the_bonus_with_the_drop_off_photos(self):
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("RepairBonusDropOffTour", login="pos_user")
        sale = self.env["sale.order"].search([("partner_id", "=", self.partner_test_1.id)])
        self.assertEqual(len(sale), 1)
        self.assertEqual(
            sale.order_line.filtered("product_id").filtered(lambda l: not l.is_downpayment).eco_bonus_photo_count, 2
        )
        orders = self.env["pos.order"].search([("session_id", "=", self.main_pos_config.current_session_id.id)])
        deposit = orders.filtered(lambda o: o.amount_total == 10.0)
        pick_up = orders - deposit
        self.assertEqual(deposit.state, "paid")
        self.assertFalse(
            deposit.payment_ids.filtered(lambda p: p.payment_method_id == self.refashion.payment_method_id)
        )
        self.assertEqual(pick_up.state, "paid")
        self.assertEqual(pick_up.amount_total, 30.0)  # 40.00 less the 10.00 deposit
        repair = pick_up.lines.filtered(lambda l: l.product_id == self.resole)
        self.assertEqual(repair.sale_order_line_id.order_id, sale)
        self.assertEqual(repair.eco_bonus_repair_type_ids, self.resole_type)
        self.assertEqual(len(repair.eco_bonus_photo_ids), 2)
        bonus = pick_up.payment_ids.filtered(lambda p: p.payment_method_id == self.refashion.payment_method_id)
        self.assertEqual(bonus.amount, 24.0)
        self.env["pos.order"]._eco_bonus_create_pending_claims()
        claim = pick_up.eco_bonus_claim_ids
        self.assertEqual(claim.state, "pending", claim.review_reason)
        # the deposit is a payment, not a discount: the repair costs 40.00, capped at 60 %
        self.assertEqual((claim.amount, claim.repair_amount, claim.pos_photo_count), (24.0, 40.0, 2))
        self.assertEqual(claim.review_reason, False)


@tagged("post_install", "-at_install")
class TestDropOffDemo(TransactionCase):
    def test_the_demo_drop_off_waits_for_its_pick_up_with_its_photos(self):
        order = self.env.ref("pos_repair_bonus_sale.demo_drop_off", raise_if_not_found=False)
        if not order:
            self.skipTest("installed without demo data")
        self.assertEqual(order.state, "sale")
        line = order.order_line
        self.assertEqual(line.eco_bonus_repair_type_ids, self.env.ref("pos_repair_bonus.type_shoes_ressemelage_cuir"))
        self.assertGreaterEqual(line.eco_bonus_photo_count, order.company_id.eco_bonus_min_photos)
        photos = self.env["sale.order.line"].get_eco_bonus_photos_for_pos(line.ids)[line.id]
        self.assertTrue(all(photo["image"] for photo in photos))
