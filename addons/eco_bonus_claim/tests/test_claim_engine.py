from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user

from odoo.addons.eco_bonus_claim.tests.fake_connector import FakeClient, FakeService, fake_connector


class WorkerKilled(BaseException):
    """What a killed worker leaves: nothing after this point runs or commits."""


class EngineCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.enterClassContext(fake_connector(cls.env))
        cls.organism = cls.env["eco.organism"].create(
            {
                "name": "Fake eco-organism",
                "code": "fake",
                "partner_id": cls.env["res.partner"].create({"name": "Fake eco-organism"}).id,
                "timeout": 1,
            }
        )
        cls.Claim = cls.env["eco.bonus.claim"]

    def setUp(self):
        super().setUp()
        self.service = FakeService().start()
        self.addCleanup(self.service.stop)
        self.organism.test_url = self.service.url

    def make_claims(self, count, **values):
        return self.Claim.create(
            [{"organism_id": self.organism.id, "repair_amount": 80.0, "amount": 25.0, **values} for _i in range(count)]
        )

    def time_passes(self, claims):
        """Every claim waiting for its next attempt is due (no sleeping)."""
        claims.filtered(lambda c: c.state == "pending").write(
            {"next_attempt_at": fields.Datetime.now() - timedelta(seconds=1)}
        )

    def drain(self, claims, rounds=10):
        for _round in range(rounds):
            self.Claim._cron_send_pending()
            if not claims.filtered(lambda c: c.state == "pending"):
                return
            self.time_passes(claims)
        self.fail(f"still waiting: {claims.filtered(lambda c: c.state == 'pending').mapped('last_error')}")


class TestSendingIsolation(EngineCase):
    def test_every_kind_of_failure_touches_its_claim_alone(self):
        claims = self.make_claims(8)
        ref = {claim.name: claim for claim in claims}
        names = list(ref)

        def aimed(name):
            return lambda request: request.json()["reference"] == name

        # the service stores these three, then the answer goes wrong
        self.service.fail_next("POST", "/claims", after=True, drop=True, match=aimed(names[0]))
        self.service.fail_next("POST", "/claims", after=True, truncate=True, match=aimed(names[1]))
        self.service.fail_next("POST", "/claims", after=True, replace=True, status=200, body={}, match=aimed(names[2]))
        self.service.fail_next("POST", "/claims", after=True, delay=1.5, match=aimed(names[3]))
        # these are refused before being stored
        self.service.fail_next("POST", "/claims", status=500, match=aimed(names[4]))
        self.service.fail_next("POST", "/claims", status=200, body={"unexpected": True}, match=aimed(names[5]))
        # and one claim fails in the engine's own hands, with an error nobody foresaw
        payload = type(self.Claim)._eco_payload

        def broken_payload(claim):
            if claim.name == names[6]:
                raise ZeroDivisionError("a bug preparing this claim")
            return payload(claim)

        with patch.object(type(self.Claim), "_eco_payload", broken_payload):
            self.Claim._cron_send_pending()
        self.assertEqual(ref[names[7]].state, "sent", "the healthy claim went on")
        for name in names[:7]:
            claim = ref[name]
            with self.subTest(name):
                self.assertEqual(claim.state, "pending")
                self.assertEqual(claim.attempt_count, 1)
                self.assertTrue(claim.last_error)
                self.assertGreater(claim.next_attempt_at, fields.Datetime.now())
                self.assertFalse(claim.sending_since)
        self.assertIn("ZeroDivisionError", ref[names[6]].last_error)
        self.assertEqual(
            [ref[n].delivery_uncertain for n in names[:6]],
            [True, True, True, True, False, True],
            "the answers lost after the request left make the next attempt look first",
        )

        self.drain(claims)
        self.assertEqual(set(claims.mapped("state")), {"sent"})
        self.assertEqual(dict(self.service.creations), dict.fromkeys(names, 1), "each claim created exactly once")
        self.assertEqual(len(set(claims.mapped("external_id"))), 8)

    def test_a_claim_keeps_its_reference(self):
        claim = self.make_claims(1)
        name = claim.name
        self.service.fail_next("POST", "/claims", after=True, drop=True)
        claim._send_one()
        self.time_passes(claim)
        self.drain(claim)
        self.assertEqual(claim.name, name)
        self.assertEqual(list(self.service.creations), [name])

    def test_a_service_without_lookup_sends_a_lost_claim_to_a_person(self):
        claim = self.make_claims(1)
        self.service.fail_next("POST", "/claims", after=True, drop=True)
        with patch.object(FakeClient, "lookup", False):
            claim._send_one()
            self.assertTrue(claim.delivery_uncertain)
            self.time_passes(claim)
            self.Claim._cron_send_pending()
            self.assertEqual(claim.state, "to_review")
            self.assertIn("offers no way to look the claim up", claim.review_reason)
            self.assertTrue(claim.activity_ids)
            self.assertEqual(self.service.creations[claim.name], 1, "never created a second time")
            # the person finds it on the service's site and enters its reference
            claim.external_id = next(iter(self.service.claims))
            claim.action_send_now()
            self.Claim._cron_send_pending()
        self.assertEqual(claim.state, "sent")
        self.assertEqual(self.service.creations[claim.name], 1)

    def test_killed_between_the_answer_and_the_commit(self):
        claim = self.make_claims(1)
        # not assertRaises: it would roll back what the dying worker had committed
        killed = False
        with patch.object(type(self.Claim), "_eco_record_sent", side_effect=WorkerKilled):
            try:
                self.Claim._cron_send_pending()
            except WorkerKilled:
                killed = True
        self.assertTrue(killed)
        self.assertEqual(self.service.creations[claim.name], 1, "the service holds it")
        self.assertFalse(claim.external_id)
        self.assertTrue(claim.sending_since, "the mark left before the request")
        self.Claim._cron_send_pending()
        self.assertEqual(claim.state, "pending", "nobody takes a claim whose sender may still be sending")
        claim.sending_since -= timedelta(minutes=31)
        self.Claim._cron_send_pending()
        self.assertEqual(claim.state, "sent")
        self.assertEqual(self.service.creations[claim.name], 1, "found again, not created twice")
        self.assertEqual(claim.external_id, next(iter(self.service.claims)))

    def test_no_url_keeps_every_claim_waiting(self):
        claims = self.make_claims(3)
        self.organism.test_url = False
        self.Claim._cron_send_pending()
        self.assertEqual(set(claims.mapped("state")), {"pending"})
        self.assertEqual(set(claims.mapped("attempt_count")), {1})
        self.assertIn("no API URL", claims[0].last_error)
        self.assertFalse(self.service.requests)


class TestSendNow(EngineCase):
    def test_send_now_answers_at_once_and_leaves_sending_to_the_job(self):
        claims = self.make_claims(2)
        claims.write({"next_attempt_at": fields.Datetime.now() + timedelta(hours=3)})
        cron = self.env.ref("eco_bonus_claim.ir_cron_send_claims")
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        action = claims.action_send_now()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(set(claims.mapped("state")), {"pending"})
        self.assertFalse(self.service.requests, "nothing sent while the user waits")
        self.assertEqual(self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]), triggers + 1)
        self.Claim._cron_send_pending()
        self.assertEqual(set(claims.mapped("state")), {"sent"})

    def test_send_now_is_for_managers(self):
        claim = self.make_claims(1)
        user = new_test_user(self.env, "claims_reader", groups="eco_bonus_claim.group_eco_bonus_user")
        manager = new_test_user(self.env, "claims_sender", groups="eco_bonus_claim.group_eco_bonus_manager")
        with self.assertRaises(AccessError):
            claim.with_user(user).action_send_now()
        claim.with_user(manager).action_send_now()
        self.assertLessEqual(claim.next_attempt_at, fields.Datetime.now())

    def test_send_again_from_review(self):
        claim = self.make_claims(1)
        self.service.fail_next("POST", "/claims", status=422, body={"errors": ["montant incorrect"]})
        claim._send_one()
        self.assertEqual(claim.state, "to_review")
        self.assertIn("montant incorrect", claim.review_reason)
        claim.action_send_now()
        self.Claim._cron_send_pending()
        self.assertEqual(claim.state, "sent")


class TestStatusFollowUp(EngineCase):
    def sent_claims(self, count):
        claims = self.make_claims(count)
        for claim in claims:
            claim.with_context(tracking_disable=True).write(
                {"state": "sent", "external_id": self.service.add_claim(claim.name)}
            )
        return claims

    def test_a_malformed_answer_touches_its_claim_only(self):
        claims = self.sent_claims(20)
        for external_id in claims.mapped("external_id"):
            self.service.claims[external_id]["status"] = "paid"
        odd = claims[7]
        self.service.fail_next("GET", f"/claims/{odd.external_id}", status=200, body={"statut": "payé"})
        self.Claim._cron_poll_status()
        self.assertEqual(set((claims - odd).mapped("state")), {"paid"})
        self.assertEqual(odd.state, "sent")
        self.assertIn("KeyError", odd.last_error)
        self.assertTrue(odd.last_polled_at, "polled: it waits for its turn again")

    def test_every_open_claim_is_polled_within_two_runs(self):
        claims = self.sent_claims(600)
        self.Claim._cron_poll_status()
        self.assertEqual(len(claims.filtered("last_polled_at")), 500)
        self.Claim._cron_poll_status()
        self.assertEqual(len(claims.filtered("last_polled_at")), 600, "every claim polled")
        polled = {request.path.rsplit("/", 1)[1] for request in self.service.requests if request.method == "GET"}
        self.assertEqual(polled, set(claims.mapped("external_id")))
        self.assertEqual(len(self.service.requests), 1000, "the second run started with the 100 never polled")
