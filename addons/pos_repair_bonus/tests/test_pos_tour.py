from odoo import Command
from odoo.tests import tagged

from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon

from .common import refashion_account


@tagged("post_install", "-at_install")
class TestRepairBonusTour(TestPointOfSaleHttpCommon):
    """The cashier's flow in a real headless Chromium."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.refashion = refashion_account(cls.env, pos_config_ids=[Command.link(cls.main_pos_config.id)])
        cls.env["product.product"].create(
            {
                "name": "Ressemelage cuir",
                "type": "service",
                "list_price": 59.0,
                "taxes_id": [Command.clear()],
                "available_in_pos": True,
                "refashion_eligible": True,
                "eco_bonus_family_id": ref("pos_repair_bonus.family_shoes").id,
                "eco_bonus_repair_type_ids": [
                    Command.set(
                        (
                            ref("pos_repair_bonus.type_shoes_ressemelage_cuir")
                            | ref("pos_repair_bonus.type_shoes_bonbout")
                        ).ids
                    )
                ],
            }
        )

    def session_orders(self):
        return self.env["pos.order"].search([("session_id", "=", self.main_pos_config.current_session_id.id)])

    def test_cashier_applies_the_bonus_with_two_photos(self):
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("RepairBonusTour")
        order = self.session_orders()
        self.assertEqual(order.state, "paid")
        self.assertEqual(order.amount_total, 59.0)
        bonus = order.payment_ids.filtered(lambda p: p.payment_method_id == self.refashion.payment_method_id)
        self.assertEqual(bonus.amount, 25.0)
        self.assertEqual(len(order.lines.eco_bonus_photo_ids), 2)
        self.env["pos.order"]._eco_bonus_create_pending_claims()
        claim = order.eco_bonus_claim_ids
        self.assertEqual(claim.state, "pending", claim.review_reason)
        self.assertEqual(claim.amount, 25.0)

    def test_payment_is_refused_with_fewer_than_two_photos(self):
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("RepairBonusMissingPhotosTour")
        self.assertFalse(self.session_orders().filtered(lambda o: o.state == "paid"))
