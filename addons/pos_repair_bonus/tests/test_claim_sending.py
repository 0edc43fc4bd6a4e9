from datetime import timedelta

from odoo import Command, fields
from odoo.tests import TransactionCase

from odoo.addons.pos_repair_bonus.tests.refashion_emulator import RefashionEmulator

from .common import jpeg_photo, refashion_account


class TestRefashionClaimSending(TransactionCase):
    """Claims go to a real HTTP emulator of the Refashion contract on 127.0.0.1,
    through the same queue the scheduled job runs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.leather = cls.env.ref("pos_repair_bonus.type_shoes_ressemelage_cuir")
        cls.refashion = refashion_account(
            cls.env, secret="test-token", timeout=1, responsible_id=cls.env.ref("base.user_admin").id
        )
        cls.photo = jpeg_photo(320, 240, gps=False)

    def setUp(self):
        super().setUp()
        self.server = RefashionEmulator(token="test-token").start()
        self.addCleanup(self.server.stop)
        self.refashion.test_url = self.server.url

    def make_claims(self, count):
        claims = self.env["eco.bonus.claim"].create(
            [
                {
                    "organism_id": self.refashion.id,
                    "repair_amount": 59.0,
                    "amount": 25.0,
                    "line_ids": [Command.create({"repair_type_id": self.leather.id, "amount": 25.0})],
                }
                for _i in range(count)
            ]
        )
        self.env["ir.attachment"].create(
            [
                {
                    "name": f"photo{i}.jpg",
                    "raw": self.photo,
                    "description": "photo",
                    "res_model": claims._name,
                    "res_id": claim.id,
                }
                for claim in claims
                for i in range(2)
            ]
        )
        return claims

    def wait_for_retries(self, claims):
        """Time passes: every claim waiting for its next attempt is due."""
        claims.filtered(lambda c: c.state == "pending").write(
            {"next_attempt_at": fields.Datetime.now() - timedelta(seconds=1)}
        )

    def test_fifty_claims_through_a_flaky_service_all_arrive_once(self):
        claims = self.make_claims(50)
        self.server.fail_ratio(0.3, seed=11)
        for _round in range(15):
            self.env["eco.bonus.claim"]._cron_send_pending()
            if all(claim.state == "sent" for claim in claims):
                break
            self.wait_for_retries(claims)
        self.assertEqual(set(claims.mapped("state")), {"sent"})
        self.assertEqual(len(self.server.claims), 50, "each claim created once at Refashion")
        self.assertEqual(sorted(self.server.by_reference), sorted(claims.mapped("name")))
        self.assertEqual(len(set(claims.mapped("external_id"))), 50)
        failed = self.server.requests and [r for r in self.server.requests if r.method == "POST"]
        self.assertGreater(len(failed), 50, "some requests failed and were retried")
        self.assertTrue(any(claim.attempt_count for claim in claims))
        payload = self.server.claims[claims[0].external_id]["body"]
        self.assertEqual(payload["siret"], "73282932000074")
        self.assertEqual(payload["account_type"], "cobbler")
        self.assertEqual(payload["bonus_amount"], 25.0)
        self.assertEqual(len(payload["attachments"]), 2)

    def test_a_lost_answer_does_not_create_the_claim_twice(self):
        claim = self.make_claims(1)
        self.server.fail_next("POST", "/claims", delay=1.5, after=True)
        claim._send_one()
        self.assertEqual(claim.state, "pending")
        self.assertIn("did not answer in time", claim.last_error)
        self.assertEqual(len(self.server.claims), 1, "Refashion did create it")
        self.wait_for_retries(claim)
        self.env["eco.bonus.claim"]._cron_send_pending()
        self.assertEqual(claim.state, "sent")
        self.assertEqual(len(self.server.claims), 1)
        self.assertEqual(claim.external_id, next(iter(self.server.claims)))

    def test_failures_wait_longer_each_time(self):
        claim = self.make_claims(1)
        self.server.fail_next("POST", "/claims", status=503, times=3)
        delays = []
        for _attempt in range(3):
            before = fields.Datetime.now()
            claim._send_one()
            delays.append(round((claim.next_attempt_at - before).total_seconds() / 60))
        self.assertEqual(delays, [5, 10, 20])
        self.assertEqual(claim.attempt_count, 3)
        self.assertEqual(claim.state, "pending")

    def test_warns_the_responsible_after_many_failures_and_keeps_trying(self):
        claim = self.make_claims(1)
        self.refashion.alert_after_attempts = 2
        self.server.fail_next("POST", "/claims", status=500, times=2)
        claim._send_one()
        self.assertFalse(claim.activity_ids)
        claim._send_one()
        self.assertEqual(claim.activity_ids.user_id, self.env.ref("base.user_admin"))
        self.assertEqual(claim.state, "pending")
        claim._send_one()
        self.assertEqual(claim.state, "sent")

    def test_a_refusal_of_the_content_goes_to_review(self):
        claim = self.make_claims(1)
        self.server.fail_next("POST", "/claims", status=422, body={"errors": ["SIRET inconnu de Refashion"]})
        claim._send_one()
        self.assertEqual(claim.state, "to_review")
        self.assertIn("SIRET inconnu de Refashion", claim.review_reason)
        self.assertTrue(claim.activity_ids)

    def test_wrong_credentials_keep_the_claims_waiting(self):
        claim = self.make_claims(1)
        self.refashion.secret = "wrong"
        claim._send_one()
        self.assertEqual(claim.state, "pending")
        self.assertIn("credentials", claim.last_error)

    def test_status_follow_up_until_paid(self):
        claims = self.make_claims(3)
        claims._send()
        accepted, refused, paid = claims
        self.server.set_status(accepted.external_id, "accepted")
        self.server.set_status(refused.external_id, "refused", reason="Photos illisibles")
        self.server.set_status(paid.external_id, "paid", paid_amount=25.0)
        self.env["eco.bonus.claim"]._cron_poll_status()
        self.assertEqual(accepted.state, "accepted")
        self.assertEqual(refused.state, "refused")
        self.assertEqual(refused.refusal_reason, "Photos illisibles")
        self.assertTrue(refused.activity_ids)
        self.assertEqual(paid.state, "paid")
        self.assertEqual(paid.paid_amount, 25.0)
        self.server.set_status(accepted.external_id, "paid", paid_amount=25.0)
        self.env["eco.bonus.claim"]._cron_poll_status()
        self.assertEqual(accepted.state, "paid")

    def test_link_to_the_claim_on_refashion(self):
        claim = self.make_claims(1)
        self.refashion.claim_url_template = "https://pro.refashion.example/claims/{id}"
        claim._send_one()
        self.assertEqual(claim.external_url, f"https://pro.refashion.example/claims/{claim.external_id}")
        self.assertEqual(claim.action_open_external()["url"], claim.external_url)
