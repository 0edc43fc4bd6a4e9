import requests

from odoo.tests import BaseCase

from odoo.addons.eco_bonus_claim.tests.loopback import LoopbackServer


class EchoEmulator(LoopbackServer):
    def setup_routes(self):
        self.route("POST", "/echo/(?P<name>\\w+)", self.echo)

    def echo(self, request):
        return 200, {"name": request.params["name"], "body": request.json()}


class TestLoopbackEmulator(BaseCase):
    """The emulators' base server answers, fails on demand and keeps what it got."""

    def setUp(self):
        super().setUp()
        self.server = EchoEmulator().start()
        self.addCleanup(self.server.stop)

    def test_answers_the_contract_on_loopback(self):
        self.assertTrue(self.server.url.startswith("http://127.0.0.1:"))
        answer = requests.post(f"{self.server.url}/echo/claim", json={"amount": 12}, timeout=5)
        self.assertEqual(answer.json(), {"name": "claim", "body": {"amount": 12}})
        self.assertEqual(requests.get(f"{self.server.url}/nowhere", timeout=5).status_code, 404)

    def test_injected_failures_come_first_then_normal_answers(self):
        self.server.fail_next("POST", "/echo/.*", status=503, times=2)
        self.server.fail_next("POST", "/echo/.*", status=422, body={"errors": ["SIRET inconnu"]})
        statuses = [requests.post(f"{self.server.url}/echo/x", json={}, timeout=5).status_code for _ in range(4)]
        self.assertEqual(statuses, [503, 503, 422, 200])
        self.assertEqual(len(self.server.requests), 4)

    def test_a_slow_answer_times_the_client_out(self):
        self.server.fail_next("POST", "/echo/slow", delay=1.0)
        with self.assertRaises(requests.Timeout):
            requests.post(f"{self.server.url}/echo/slow", json={}, timeout=0.2)

    def test_failure_ratio_is_reproducible(self):
        self.server.fail_ratio(0.3, seed=7)
        first = [requests.post(f"{self.server.url}/echo/x", json={}, timeout=5).status_code for _ in range(20)]
        self.server.fail_ratio(0.3, seed=7)
        second = [requests.post(f"{self.server.url}/echo/x", json={}, timeout=5).status_code for _ in range(20)]
        self.assertEqual(first, second)
        self.assertTrue(0 < first.count(503) < 20)
