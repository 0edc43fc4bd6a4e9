"""A connector of the engine's own tests, independent of the real ones.

Its service is deliberately unkind: creating a claim is **not** idempotent (the
same reference twice makes two claims, as on Ecosystem's API), so that every
duplicate the engine would send shows in ``FakeService.creations``. The contract
is the tests' own, no eco-organism's:

- ``POST /claims`` ``{reference, amount}`` → 201 ``{id, status: "submitted"}``;
- ``GET /claims?reference=`` → ``{items: [{id, reference, status}]}``;
- ``GET /claims/<id>`` → ``{id, status, reason, paid_amount}``;
- ``GET /_emulator/creations`` → ``{reference: times created}`` (the benchmark's count).
"""

import base64
import itertools
from collections import Counter
from contextlib import ExitStack
from unittest.mock import patch

from odoo.addons.eco_bonus_claim.services.client import EcoClient
from odoo.addons.eco_bonus_claim.tests.loopback import LoopbackServer, serve_until_stopped


class FakeService(LoopbackServer):
    def __init__(self):
        self.claims = {}
        self.creations = Counter()
        self._ids = itertools.count(1)
        super().__init__()

    def setup_routes(self):
        self.route("POST", "/claims", self.create_claim)
        self.route("GET", "/claims", self.find_claims)
        self.route("GET", "/claims/(?P<claim_id>FK-\\d+)", self.get_claim)
        self.route("GET", "/_emulator/creations", lambda request: (200, dict(self.creations)))

    def create_claim(self, request):
        body = request.json()
        claim_id = f"FK-{next(self._ids)}"
        self.claims[claim_id] = {"id": claim_id, "reference": body["reference"], "status": "submitted"}
        self.creations[body["reference"]] += 1
        return 201, {"id": claim_id, "status": "submitted"}

    def find_claims(self, request):
        reference = request.query.get("reference")
        return 200, {"items": [dict(c) for c in self.claims.values() if c["reference"] == reference]}

    def get_claim(self, request):
        claim = self.claims.get(request.params["claim_id"])
        if not claim:
            return 404, {"error": "unknown claim"}
        return 200, {**claim, "reason": claim.get("reason"), "paid_amount": claim.get("paid_amount", 0.0)}

    def add_claim(self, reference, status="submitted"):
        claim_id = f"FK-{next(self._ids)}"
        self.claims[claim_id] = {"id": claim_id, "reference": reference, "status": status}
        return claim_id


class FakeClient(EcoClient):
    STATUS_MAP = {"submitted": "sent", "accepted": "accepted", "refused": "refused", "paid": "paid"}
    lookup = True  # False: a service without any way to find a claim (as Ecologic's)

    def submit_claim(self, payload, attachments, progress=None):
        if payload.get("external_id"):
            return payload["external_id"], "submitted"
        body = {
            "reference": payload["reference"],
            "amount": payload["bonus_amount"],
            "files": [
                {"name": name, "kind": kind, "content": base64.b64encode(content).decode()}
                for name, _mimetype, content, kind in attachments
            ],
        }
        answer = self._request("POST", "/claims", json=body)
        return answer.get("id"), answer.get("status") or "submitted"

    def find_claim(self, payload):
        if not self.lookup:
            return super().find_claim(payload)
        items = self._request("GET", "/claims", params={"reference": payload["reference"]})["items"]
        return (items[0]["id"], items[0]["status"]) if items else None

    def get_claim_status(self, external_id):
        answer = self._request("GET", f"/claims/{external_id}")
        return answer["status"], answer.get("reason"), answer.get("paid_amount")


def fake_connector(env):
    """Patches making ``code = "fake"`` an eco-organism this connector talks to;
    a context manager (the engine installed alone has no connector)."""
    Organism = type(env["eco.organism"])
    field = env["eco.organism"]._fields["code"]
    stack = ExitStack()
    stack.enter_context(patch.object(field, "selection", [*field.selection, ("fake", "Fake")]))
    stack.enter_context(patch.object(field, "_selection", {**(field._selection or {}), "fake": "Fake"}))
    original_class, original_map = Organism._eco_client_class, Organism._eco_status_map
    stack.enter_context(
        patch.object(
            Organism,
            "_eco_client_class",
            lambda self: FakeClient if self.code == "fake" else original_class(self),
        )
    )
    stack.enter_context(
        patch.object(
            Organism,
            "_eco_status_map",
            lambda self: FakeClient.STATUS_MAP if self.code == "fake" else original_map(self),
        )
    )
    return stack


# every way a service fails, for the benchmark's share of failures
FAILURE_KINDS = [
    {"status": 503},
    {"status": 500},
    {"after": True, "drop": True},
    {"after": True, "truncate": True},
    {"after": True, "replace": True, "status": 200, "body": {}},
    {"after": True, "delay": 1.5},
]


def serve(*args):
    """A stand-alone service for the benchmark; ``args``: the share of failures."""
    service = FakeService()
    service.keep_bodies = False
    if args and float(args[0]):
        service.fail_ratio(float(args[0]), seed=13, kinds=FAILURE_KINDS)
    serve_until_stopped(service)
