import threading
from concurrent.futures import ThreadPoolExecutor

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.service.model import retrying
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger

from odoo.addons.eco_bonus_claim.tests.fake_connector import FakeService, fake_connector


@tagged("post_install", "-at_install")
class TestConcurrentSenders(BaseCase):
    """Two cron workers (or two servers) and "Send now" on cursors of their own,
    committing as in production: the row locks keep each claim to one sender."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        cls.service = FakeService().start()
        cls.addClassCleanup(cls.service.stop)
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cls.enterClassContext(fake_connector(env))
            organism = env["eco.organism"].create(
                {
                    "name": "Fake eco-organism (concurrency)",
                    "code": "fake",
                    "partner_id": env["res.partner"].create({"name": "Fake eco-organism (concurrency)"}).id,
                    "test_url": cls.service.url,
                    "timeout": 2,
                }
            )
            claims = env["eco.bonus.claim"].create(
                [{"organism_id": organism.id, "repair_amount": 80.0, "amount": 25.0} for _i in range(30)]
            )
            cls.organism_id, cls.partner_id = organism.id, organism.partner_id.id
            cls.claim_ids, cls.names = claims.ids, claims.mapped("name")
        cls.addClassCleanup(cls.clean_up)

    @classmethod
    def clean_up(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["eco.bonus.claim"].browse(cls.claim_ids).unlink()
            env["eco.organism"].browse(cls.organism_id).unlink()
            env["res.partner"].browse(cls.partner_id).unlink()
            cron = env.ref("eco_bonus_claim.ir_cron_send_claims")
            env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]).unlink()

    def new_env(self):
        return api.Environment(self.registry.cursor(), SUPERUSER_ID, {"eco_bonus_commit": True})

    def run_and_commit(self, function, env):
        with env.cr:
            return function(env)

    def run_in_cursor(self, function):
        return self.run_and_commit(function, self.new_env())

    @mute_logger("odoo.sql_db", "odoo.service.model")
    def test_two_workers_and_send_now_send_each_claim_once(self):
        # each request takes a moment: the senders overlap for real
        self.service.fail_ratio(1.0, seed=1, kinds=[{"after": True, "delay": 0.02}])
        start = threading.Barrier(4)

        def worker(env):
            # a cron worker triggered again and again until nothing is left to send
            # ("Send now" holds its claims' rows for a moment: skipped, not waited for)
            start.wait(timeout=10)
            Claim, sent = env["eco.bonus.claim"], []
            for _run in range(500):
                sent += Claim._eco_send_queue().ids
                env.cr.commit()
                if not Claim.search_count([("id", "in", self.claim_ids), ("state", "=", "pending")]):
                    break
            return sent

        def send_now(env):
            # as the web client's request is: retried by Odoo on a concurrent update
            start.wait(timeout=10)
            claims = env["eco.bonus.claim"].browse(self.claim_ids[::-1])
            retrying(claims.action_send_now, env)
            return []

        # the environments are made here: while the tests run, this thread holds the
        # registry's lock, which making one takes
        envs = [self.new_env() for _job in range(4)]
        with ThreadPoolExecutor(max_workers=4) as pool:
            futures = [
                pool.submit(self.run_and_commit, job, env)
                for job, env in zip((worker, worker, send_now, send_now), envs, strict=True)
            ]
            sent_by = [future.result(timeout=120) for future in futures]
        # then the job runs until the queue drains
        self.run_in_cursor(lambda env: env["eco.bonus.claim"]._cron_send_pending())

        self.assertEqual(dict(self.service.creations), dict.fromkeys(self.names, 1), "each claim created once")
        self.assertFalse(set(sent_by[0]) & set(sent_by[1]), "no claim taken by both workers")
        self.assertTrue(sent_by[0] and sent_by[1], "both workers sent claims")

        def states(env):
            return set(env["eco.bonus.claim"].browse(self.claim_ids).mapped("state"))

        self.assertEqual(self.run_in_cursor(states), {"sent"})
