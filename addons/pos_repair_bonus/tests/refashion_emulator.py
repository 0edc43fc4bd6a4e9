"""Emulator of the Refashion claim contract spoken by pos_repair_bonus's
RefashionClient (documented in addons/pos_repair_bonus/readme/CONTEXT.md).

- ``POST /claims``: creates a claim; the same ``reference`` twice answers the
  first claim (200) instead of creating another (201).
- ``GET /claims?reference=<reference>``: ``{"items": [{id, reference, status}]}``,
  the lookup after a lost answer.
- ``GET /claims/<id>``: its status: submitted, accepted, refused, paid.
Every shape follows the contract in readme/CONTEXT.md: Refashion publishes none,
the contract is this addon's own.
Requests need ``Authorization: Bearer <token>`` with the token given to the emulator.
Tests move claims on with :meth:`RefashionEmulator.set_status`.
"""

import base64
import itertools

from odoo.addons.eco_bonus_claim.tests.loopback import LoopbackServer, serve_until_stopped

REQUIRED = ("reference", "siret", "date", "repair_amount", "bonus_amount", "repairs")


class RefashionEmulator(LoopbackServer):
    def __init__(self, token="test-token"):
        self.token = token
        self.claims = {}
        self.by_reference = {}
        self._ids = itertools.count(1001)
        super().__init__()

    def setup_routes(self):
        self.route("POST", "/claims", self.create_claim)
        self.route("GET", "/claims", self.find_claims)
        self.route("GET", "/claims/(?P<claim_id>RF-\\d+)", self.get_claim)

    def _authorized(self, request):
        return request.headers.get("Authorization") == f"Bearer {self.token}"

    def create_claim(self, request):
        if not self._authorized(request):
            return 401, {"error": "invalid token"}
        body = request.json()
        missing = [key for key in REQUIRED if body.get(key) in (None, "", [])]
        if missing:
            return 422, {"errors": [f"{key} is required" for key in missing]}
        photos = [a for a in body.get("attachments", []) if a.get("kind") == "photo"]
        if len(photos) < 2:
            return 422, {"errors": ["at least 2 photos of the item are required"]}
        for attachment in body.get("attachments", []):
            base64.b64decode(attachment["content"], validate=True)
        # readme/CONTEXT.md: the reference is an idempotency key, 200 with the first claim
        if body["reference"] in self.by_reference:
            claim = self.claims[self.by_reference[body["reference"]]]
            return 200, {"id": claim["id"], "status": claim["status"]}
        claim_id = f"RF-{next(self._ids)}"
        self.claims[claim_id] = {"id": claim_id, "status": "submitted", "body": body, "reason": None, "paid_amount": 0}
        self.by_reference[body["reference"]] = claim_id
        return 201, {"id": claim_id, "status": "submitted"}

    def find_claims(self, request):
        # readme/CONTEXT.md: GET /claims?reference= answers {items: [{id, reference, status}]}
        if not self._authorized(request):
            return 401, {"error": "invalid token"}
        claim_id = self.by_reference.get(request.query.get("reference"))
        items = [{"id": claim_id, "reference": request.query["reference"], "status": self.claims[claim_id]["status"]}]
        return 200, {"items": items if claim_id else []}

    def get_claim(self, request):
        if not self._authorized(request):
            return 401, {"error": "invalid token"}
        claim = self.claims.get(request.params["claim_id"])
        if not claim:
            return 404, {"error": "unknown claim"}
        return 200, {key: claim[key] for key in ("id", "status", "reason", "paid_amount")}

    def set_status(self, claim_id, status, reason=None, paid_amount=0):
        self.claims[claim_id].update(status=status, reason=reason, paid_amount=paid_amount)


def serve(*args):
    """A stand-alone emulator, for benchmarks (``args``: the token)."""
    serve_until_stopped(RefashionEmulator(token=args[0] if args else "test-token"))
