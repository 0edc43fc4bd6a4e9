import base64
import io
import uuid
from datetime import timedelta

from PIL import Image

from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.point_of_sale.tests.common import TestPoSCommon
from odoo.addons.pos_repair_bonus.tests.refashion_emulator import RefashionEmulator

from .common import b64, jpeg_photo, refashion_account


def decompression_bomb():
    """A 20000 x 20000 PNG of some 48 kB: 400 million pixels once decoded."""
    out = io.BytesIO()
    Image.new("1", (20000, 20000)).save(out, "PNG", optimize=True)
    return out.getvalue()


@tagged("post_install", "-at_install")
class TestClaimQueue(TestPoSCommon):
    """Bonus orders synced as the till does, then sent by the job through a
    Refashion emulator that fails in every way a real service does."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.leather = ref("pos_repair_bonus.type_shoes_ressemelage_cuir")
        cls.config = cls.basic_config
        cls.refashion = refashion_account(
            cls.env, secret="test-token", timeout=1, pos_config_ids=[Command.link(cls.config.id)]
        )
        cls.resole = cls.create_product("Ressemelage cuir", cls.categ_basic, 59.0)
        cls.resole.product_tmpl_id.write(
            {
                "refashion_eligible": True,
                "eco_bonus_family_id": ref("pos_repair_bonus.family_shoes").id,
                "eco_bonus_repair_type_ids": [Command.set(cls.leather.ids)],
            }
        )
        cls.photo = b64(jpeg_photo(800, 600))
        cls.bomb = b64(decompression_bomb())
        # a textured photo, whose pixels fill the file: cut in half, half of them are missing
        out = io.BytesIO()
        Image.effect_noise((800, 600), 40).convert("RGB").save(out, "JPEG", quality=90)
        cls.truncated = b64(out.getvalue()[: len(out.getvalue()) // 2])

    def setUp(self):
        super().setUp()
        self.server = RefashionEmulator(token="test-token").start()
        self.addCleanup(self.server.stop)
        self.refashion.test_url = self.server.url
        self.config = self.basic_config
        self.open_new_session()
        self.cash = self.config.payment_method_ids.filtered("is_cash_count")[:1]

    def sync(self, photos):
        data = self.create_ui_order_data(
            [(self.resole, 1)], payments=[(self.cash, 34.0), (self.refashion.payment_method_id, 25.0)]
        )
        line = data["lines"][0][2]
        line["uuid"] = str(uuid.uuid4())
        line["eco_bonus_repair_type_ids"] = [Command.set(self.leather.ids)]
        line["eco_bonus_photo_ids"] = [Command.create({"name": f"p{i}.jpg", "image": p}) for i, p in enumerate(photos)]
        result = self.env["pos.order"].sync_from_ui([data])
        return self.env["pos.order"].browse(result["pos.order"][0]["id"])

    def aimed(self, order):
        return lambda request: (request.json().get("store") or {}).get("order_reference") == order.pos_reference

    def time_passes(self, claims):
        claims.filtered(lambda c: c.state == "pending").write(
            {"next_attempt_at": fields.Datetime.now() - timedelta(seconds=1)}
        )

    def test_thirty_till_orders_reach_refashion_once_whatever_fails(self):
        orders = self.sync([self.bomb, self.photo]) | self.sync([self.photo, self.truncated])
        for _i in range(28):
            orders |= self.sync([self.photo, self.photo])
        self.assertEqual(set(orders.mapped("state")), {"paid"}, "no bad photo refuses a paid order")
        bomb_order, truncated_order, *others = orders
        # per claim, each way the service or the network fails
        answer = {"after": True, "replace": True, "status": 200}
        self.server.fail_next("POST", "/claims", body={}, match=self.aimed(others[0]), **answer)
        self.server.fail_next("POST", "/claims", body={"status": "submitted"}, match=self.aimed(others[1]), **answer)
        self.server.fail_next("POST", "/claims", after=True, drop=True, match=self.aimed(others[2]))
        self.server.fail_next("POST", "/claims", status=500, match=self.aimed(others[3]))
        self.server.fail_next("POST", "/claims", after=True, truncate=True, match=self.aimed(others[4]))
        self.server.fail_next("POST", "/claims", after=True, delay=1.5, match=self.aimed(others[5]))

        Claim = self.env["eco.bonus.claim"]
        Claim._cron_send_pending()
        claims = orders.eco_bonus_claim_ids
        self.assertEqual(len(claims), 30)
        names = {claim.id: claim.name for claim in claims}
        failed = claims.filtered(lambda c: c.pos_order_id in orders[2:8])
        self.assertEqual(set(failed.mapped("state")), {"pending"})
        self.assertTrue(all(failed.mapped("last_error")))
        for _round in range(5):
            if not claims.filtered(lambda c: c.state == "pending"):
                break
            self.time_passes(claims)
            Claim._cron_send_pending()

        self.assertFalse(claims.filtered(lambda c: c.state == "pending"), "nothing waits once the service is healthy")
        sent = claims.filtered(lambda c: c.state == "sent")
        self.assertEqual(len(sent), 28)
        self.assertEqual(len(self.server.claims), 28, "each claim created once at Refashion")
        self.assertEqual(sorted(self.server.by_reference), sorted(sent.mapped("name")))
        self.assertEqual({claim.id: claim.name for claim in claims}, names, "every claim kept its reference")
        self.assertEqual(sorted(sent.mapped("external_id")), sorted(self.server.claims))

        bomb_claim, truncated_claim = bomb_order.eco_bonus_claim_ids, truncated_order.eco_bonus_claim_ids
        self.assertEqual(bomb_claim.state, "to_review")
        self.assertIn("photo 1", bomb_claim.review_reason)
        self.assertIn("too many pixels", bomb_claim.review_reason)
        self.assertEqual(truncated_claim.state, "to_review")
        self.assertIn("photo 2", truncated_claim.review_reason)
        self.assertIn("truncated", truncated_claim.review_reason)
        self.assertTrue(bomb_claim.activity_ids)

        # the manager replaces the photo from the claim, and sends it again
        action = bomb_claim.action_view_pos_photos()
        bad_photo = self.env["eco.bonus.photo"].search(action["domain"])[0]
        bad_photo.image = self.photo
        bomb_claim.action_send_now()
        Claim._cron_send_pending()
        self.assertEqual(bomb_claim.state, "sent")
        self.assertEqual(len(self.server.claims), 29)
        attachments = self.server.claims[bomb_claim.external_id]["body"]["attachments"]
        self.assertEqual(len([a for a in attachments if a["kind"] == "photo"]), 2)

    def test_the_originals_lose_their_metadata_once_checked(self):
        order = self.sync([self.photo, self.photo])
        self.env["eco.bonus.claim"]._cron_send_pending()
        self.assertEqual(order.eco_bonus_claim_ids.state, "sent")
        for photo in order.lines.eco_bonus_photo_ids:
            with Image.open(io.BytesIO(base64.b64decode(photo.image))) as image:
                self.assertFalse(image.getexif(), "no EXIF or GPS kept by the shop either")
                self.assertLessEqual(max(image.size), self.env.company.eco_bonus_photo_max_side)
