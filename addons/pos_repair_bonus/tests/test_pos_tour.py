import base64
import io
from unittest.mock import patch

from PIL import Image

from odoo import Command
from odoo.tests import tagged
from odoo.tests.common import ChromeBrowser

from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon

from .common import bonus_case_products, bonus_case_tax, bonus_cases, refashion_account, repair_product


@tagged("post_install", "-at_install")
class TestRepairBonusTour(TestPointOfSaleHttpCommon):
    """The cashier's flow in a real headless Chromium."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.refashion = refashion_account(cls.env, pos_config_ids=[Command.link(cls.main_pos_config.id)])
        cls.repair_product("Ressemelage cuir", 59.0, ["type_shoes_ressemelage_cuir", "type_shoes_bonbout"])

    @classmethod
    def repair_product(cls, name, price, types):
        return repair_product(cls.env, name, price, types)

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

    def test_the_till_gives_the_bonus_of_the_table_of_cases(self):
        bonus_case_products(self.env, bonus_case_tax(self.env), bonus_cases())
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("RepairBonusRuleCasesTour")

    def test_a_refund_at_the_till_gives_back_what_the_customer_paid(self):
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("RepairBonusRefundTour")
        orders = self.session_orders()
        sale = orders.filtered(lambda o: o.amount_total > 0)
        refund = orders - sale
        self.assertEqual(refund.lines.refunded_orderline_id.order_id, sale)
        by_method = {p.payment_method_id: p.amount for p in refund.payment_ids}
        self.assertEqual(by_method[self.refashion.payment_method_id], -25.0)
        self.assertEqual(sum(refund.payment_ids.mapped("amount")), -59.0)
        self.assertEqual(len(by_method), 2)
        # synced before the queue ran: the claim is made and cancelled at once
        self.assertFalse(sale.eco_bonus_to_claim)
        self.assertEqual(sale.eco_bonus_claim_ids.state, "cancelled")
        self.env["pos.order"]._eco_bonus_create_pending_claims()
        self.assertEqual(len(sale.eco_bonus_claim_ids), 1)

    def test_two_lines_on_one_pair_are_one_item(self):
        self.repair_product("Talons", 10.0, ["type_shoes_bonbout"])
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("RepairBonusItemTour")
        order = self.session_orders()
        self.assertEqual(len(set(order.lines.mapped("eco_bonus_item"))), 1)
        self.assertTrue(order.lines[0].eco_bonus_item)
        self.env["pos.order"]._eco_bonus_create_pending_claims()
        claim = order.eco_bonus_claim_ids
        self.assertEqual(claim.state, "pending", claim.review_reason)
        self.assertEqual((claim.amount, claim.repair_amount, claim.pos_photo_count), (32.0, 69.0, 2))

    def assert_paid_with_photos(self, count):
        order = self.session_orders()
        self.assertEqual(order.state, "paid")
        photos = order.lines.eco_bonus_photo_ids
        self.assertEqual(len(photos), count)
        for photo in photos:
            with Image.open(io.BytesIO(base64.b64decode(photo.image))) as image:
                self.assertEqual(image.format, "JPEG")
                self.assertGreater(min(image.size), 0)
        return order

    def test_the_camera_takes_the_photos(self):
        spawn = ChromeBrowser._spawn_chrome

        def with_fake_camera(browser, cmd):
            # Chromium films a test pattern and grants the camera without asking
            flags = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]
            return spawn(browser, cmd[:-1] + flags + cmd[-1:])

        self.main_pos_config.with_user(self.pos_user).open_ui()
        with patch.object(ChromeBrowser, "_spawn_chrome", with_fake_camera):
            self.start_pos_tour("RepairBonusCameraTour")
        self.assert_paid_with_photos(2)

    def test_photos_survive_an_offline_reload_before_sync(self):
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("RepairBonusOfflineReloadTour")
        order = self.assert_paid_with_photos(2)
        self.assertTrue(order.eco_bonus_to_claim)
