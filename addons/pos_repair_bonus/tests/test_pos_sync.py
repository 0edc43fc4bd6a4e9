import io
import uuid

from PIL import Image

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.point_of_sale.tests.common import TestPoSCommon

from .common import b64, jpeg_photo, refashion_account


@tagged("post_install", "-at_install")
class TestBonusOrderSync(TestPoSCommon):
    """Orders synced from the till: the server recomputes the bonus and claims it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.leather = ref("pos_repair_bonus.type_shoes_ressemelage_cuir")
        cls.heel = ref("pos_repair_bonus.type_shoes_bonbout")
        cls.config = cls.basic_config
        cls.refashion = refashion_account(
            cls.env, test_url="http://127.0.0.1:9/never-reached", pos_config_ids=[Command.link(cls.config.id)]
        )
        cls.bonus_method = cls.refashion.payment_method_id
        cls.resole = cls.create_product("Ressemelage cuir", cls.categ_basic, 59.0)
        cls.resole.product_tmpl_id.write(
            {
                "refashion_eligible": True,
                "eco_bonus_family_id": ref("pos_repair_bonus.family_shoes").id,
                "eco_bonus_repair_type_ids": [Command.set((cls.leather | cls.heel).ids)],
            }
        )
        cls.photo = b64(jpeg_photo())

    def setUp(self):
        super().setUp()
        self.config = self.basic_config
        self.open_new_session()
        self.cash = self.config.payment_method_ids.filtered("is_cash_count")[:1]

    def sync(self, bonus, repair_types=None, photos=None, product=None, price=None):
        product = product or self.resole
        data = self.create_ui_order_data(
            [(product, 1)], payments=[(self.cash, (price or 59.0) - bonus), (self.bonus_method, bonus)]
        )
        line = data["lines"][0][2]
        line["uuid"] = str(uuid.uuid4())
        line["eco_bonus_repair_type_ids"] = [Command.set((repair_types or self.leather).ids)]
        photos = [self.photo, self.photo] if photos is None else photos
        line["eco_bonus_photo_ids"] = [Command.create({"name": f"p{i}.jpg", "image": p}) for i, p in enumerate(photos)]
        result = self.env["pos.order"].sync_from_ui([data])
        order = self.env["pos.order"].browse(result["pos.order"][0]["id"])
        self.assertFalse(order.eco_bonus_claim_ids, "the sync leaves the claim to the queue")
        self.assertTrue(order.eco_bonus_to_claim)
        self.env["pos.order"]._eco_bonus_create_pending_claims()
        self.assertFalse(order.eco_bonus_to_claim)
        return order

    def test_bonus_order_creates_a_claim_with_its_evidence(self):
        order = self.sync(bonus=25.0)
        self.assertEqual(order.state, "paid")
        claim = order.eco_bonus_claim_ids
        self.assertEqual(claim.state, "pending")
        self.assertEqual(claim.amount, 25.0)
        self.assertEqual(claim.repair_amount, 59.0)
        self.assertEqual(claim.line_ids.repair_type_id, self.leather)
        self.assertEqual(len(order.lines.eco_bonus_photo_ids), 2)
        self.assertFalse(
            self.env["ir.attachment"].search_count([("res_model", "=", "eco.bonus.claim"), ("res_id", "=", claim.id)]),
            "no image work while the cashier waits",
        )
        # wkhtmltopdf fetches the receipt's assets from this server: in test mode it reads
        # them through this test's transaction instead of waiting behind it
        self.registry.enter_test_mode(self.cr)
        self.addCleanup(self.registry.leave_test_mode)
        claim.with_context(force_report_rendering=True)._eco_prepare_evidence()
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", "eco.bonus.claim"), ("res_id", "=", claim.id)]
        )
        photos = attachments.filtered(lambda a: a.description == "photo")
        self.assertEqual(len(photos), 2)
        for photo in photos:
            with Image.open(io.BytesIO(photo.raw)) as image:
                self.assertEqual(image.format, "JPEG")
                self.assertLessEqual(max(image.size), 1280)
                self.assertFalse(image.getexif(), "EXIF and GPS are removed")
        receipt = attachments.filtered(lambda a: a.description == "receipt")
        self.assertTrue(receipt.raw.startswith(b"%PDF"))

    def test_tampered_bonus_keeps_the_order_and_asks_for_a_review(self):
        order = self.sync(bonus=40.0)
        self.assertEqual(order.state, "paid")
        self.assertAlmostEqual(order.amount_paid, 59.0)
        claim = order.eco_bonus_claim_ids
        self.assertEqual(claim.state, "to_review")
        self.assertEqual(claim.amount, 40.0)
        self.assertIn("grid gives", claim.review_reason)
        self.assertTrue(claim.activity_ids, "the manager gets an activity")

    def test_missing_photos_ask_for_a_review(self):
        claim = self.sync(bonus=25.0, photos=[self.photo]).eco_bonus_claim_ids
        self.assertEqual(claim.state, "to_review")
        self.assertIn("1 photo(s), 2 needed", claim.review_reason)

    def test_a_file_that_is_no_image_never_blocks_the_sale(self):
        not_image = b64(b"%PDF-1.4 this is not a photo")
        order = self.sync(bonus=25.0, photos=[self.photo, not_image])
        self.assertEqual(order.state, "paid")
        claim = order.eco_bonus_claim_ids
        claim._send_one()
        self.assertEqual(claim.state, "to_review")
        self.assertIn("not an image", claim.review_reason)

    def test_photos_change_while_the_claim_is_in_review_not_once_sent(self):
        claim = self.sync(bonus=25.0, photos=[self.photo]).eco_bonus_claim_ids
        self.assertEqual(claim.state, "to_review")
        manager = new_test_user(self.env, "photo_manager", groups="point_of_sale.group_pos_manager")
        action = claim.with_user(manager).action_view_pos_photos()
        self.assertTrue(action["context"]["create"])
        photos = self.env["eco.bonus.photo"].with_user(manager).with_context(**action["context"])
        photos.create({"name": "second.jpg", "image": self.photo})
        self.assertEqual(claim.pos_photo_count, 2)
        first = claim.pos_order_line_ids.eco_bonus_photo_ids[0].with_user(manager)
        first.image = self.photo  # replaced
        claim.write({"state": "sent", "external_id": "RF-9"})
        self.assertFalse(claim.with_user(manager).action_view_pos_photos()["context"]["create"])
        for change in (
            lambda: photos.create({"name": "third.jpg", "image": self.photo}),
            lambda: first.write({"image": self.photo}),
            first.unlink,
        ):
            with self.assertRaises(UserError) as caught:
                change()
            self.assertIn("with the eco-organism", str(caught.exception))
        self.assertEqual(claim.pos_photo_count, 2, "nothing written")

    def test_photos_added_later_must_be_images_of_a_sensible_size(self):
        line = self.sync(bonus=25.0).lines
        photos = self.env["eco.bonus.photo"]
        before = photos.search_count([])
        too_big = b64(b"\xff\xd8\xff" + b"0" * (30 * 1024 * 1024))
        for data, message in [
            (too_big, "more than the 15 MB allowed"),
            (b64(b"not a photo at all"), "not an image"),
            ("%%% not base64", "not a valid file"),
        ]:
            with self.subTest(message), self.assertRaises(ValidationError) as caught:
                photos.create({"line_id": line.id, "name": "extra.jpg", "image": data})
            self.assertIn(message, str(caught.exception))
        self.assertEqual(photos.search_count([]), before, "nothing written")

    def test_refund_cancels_an_unsent_claim_and_flags_a_sent_one(self):
        first = self.sync(bonus=25.0)
        second = self.sync(bonus=25.0)
        second.eco_bonus_claim_ids.write({"state": "sent", "external_id": "RF-1"})
        for order in (first, second):
            refund_action = order.refund()
            refund = self.env["pos.order"].browse(refund_action["res_id"])
            payment = (
                self.env["pos.make.payment"]
                .with_context(active_ids=refund.ids, active_id=refund.id)
                .create({"payment_method_id": self.cash.id})
            )
            self.assertEqual(payment.amount, -34.0)
            payment.check()
        self.assertEqual(first.eco_bonus_claim_ids.state, "cancelled")
        self.assertEqual(second.eco_bonus_claim_ids.state, "sent")
        self.assertTrue(second.eco_bonus_claim_ids.withdrawn)

    def test_plain_orders_claim_nothing(self):
        data = self.create_ui_order_data([(self.resole, 1)])
        result = self.env["pos.order"].sync_from_ui([data])
        order = self.env["pos.order"].browse(result["pos.order"][0]["id"])
        self.assertEqual(order.state, "paid")
        self.assertFalse(order.eco_bonus_claim_ids)
