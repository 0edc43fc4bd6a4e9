import uuid

from odoo import Command
from odoo.tests import tagged

from odoo.addons.point_of_sale.tests.common import TestPoSCommon
from odoo.addons.pos_repair_bonus.tests.common import b64, jpeg_photo, refashion_account


@tagged("post_install", "-at_install")
class TestPickUpSync(TestPoSCommon):
    """Pick-up orders as the till syncs them: the server's rule and the claims."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.leather = ref("pos_repair_bonus.type_shoes_ressemelage_cuir")
        cls.config = cls.basic_config
        cls.config.down_payment_product_id = ref("pos_sale.default_downpayment_product")
        cls.refashion = refashion_account(
            cls.env, test_url="http://127.0.0.1:9/never-reached", pos_config_ids=[Command.link(cls.config.id)]
        )
        cls.bonus_method = cls.refashion.payment_method_id
        cls.resole = cls.create_product("Ressemelage cuir", cls.categ_basic, 40.0)
        cls.resole.product_tmpl_id.write(
            {
                "refashion_eligible": True,
                "eco_bonus_family_id": ref("pos_repair_bonus.family_shoes").id,
                "eco_bonus_repair_type_ids": [Command.set(cls.leather.ids)],
            }
        )
        cls.photo = b64(jpeg_photo(640, 480))

    def setUp(self):
        super().setUp()
        self.config = self.basic_config
        self.open_new_session()
        self.cash = self.config.payment_method_ids.filtered("is_cash_count")[:1]
        result = self.env["sale.order"].create_drop_off_from_pos(
            self.config.id,
            {
                "partner_id": self.customer.id,
                "lines": [
                    {
                        "product_id": self.resole.id,
                        "qty": 1,
                        "price_unit": 40.0,
                        "eco_bonus_repair_type_ids": self.leather.ids,
                        "eco_bonus_photos": [{"name": "a.jpg", "image": self.photo}] * 2,
                    }
                ],
            },
        )
        self.sale = self.env["sale.order"].browse(result["id"])

    def pick_up(self, bonus, deposit_line=None):
        """The order of the pick-up, as the till sends it once settled."""
        lines = [(self.resole, 1)]
        data = self.create_ui_order_data(lines, customer=self.customer, payments=[(self.bonus_method, bonus)])
        line = data["lines"][0][2]
        line.update(
            uuid=str(uuid.uuid4()),
            sale_order_origin_id=self.sale.id,
            sale_order_line_id=self.sale.order_line.id,
            eco_bonus_repair_type_ids=[Command.set(self.leather.ids)],
            eco_bonus_photo_ids=[Command.create({"name": f"p{i}.jpg", "image": self.photo}) for i in range(2)],
        )
        cash = 40.0 - bonus
        if deposit_line:
            data["lines"].append([0, 0, deposit_line])
            cash += deposit_line["price_unit"] * deposit_line["qty"]
        data["payment_ids"].append([0, 0, {"payment_method_id": self.cash.id, "amount": cash}])
        data["amount_paid"] = data["amount_total"] = sum(p[2]["amount"] for p in data["payment_ids"])
        result = self.env["pos.order"].sync_from_ui([data])
        order = self.env["pos.order"].browse(result["pos.order"][0]["id"])
        self.env["pos.order"]._eco_bonus_create_pending_claims()
        return order

    def test_the_deducted_deposit_is_no_discount_on_the_server(self):
        product = self.env.ref("pos_sale.default_downpayment_product")
        order = self.pick_up(
            24.0,
            deposit_line={
                "product_id": product.id,
                "qty": -1,
                "price_unit": 10.0,
                "price_subtotal": -10.0,
                "price_subtotal_incl": -10.0,
                "tax_ids": [],
                "uuid": str(uuid.uuid4()),
            },
        )
        claim = order.eco_bonus_claim_ids
        # 60 % of 40.00: a deposit taken for a discount would leave 60 % of 30.00
        self.assertEqual((claim.state, claim.amount, claim.repair_amount), ("pending", 24.0, 40.0), claim.review_reason)

    def test_a_drop_off_settled_twice_is_not_claimed_twice(self):
        first = self.pick_up(24.0)
        self.assertEqual(first.eco_bonus_claim_ids.state, "pending", first.eco_bonus_claim_ids.review_reason)
        second = self.pick_up(24.0)
        claim = second.eco_bonus_claim_ids
        self.assertEqual(claim.state, "to_review")
        self.assertIn(first.eco_bonus_claim_ids.name, claim.review_reason)
        self.assertIn(self.sale.name, claim.review_reason)
