"""Emulator of Ecosystem's repairer API as spoken by repair_qualirepar's
EcosystemClient (contract: addons/repair_qualirepar/readme/CONTEXT.md).

- ``POST /login`` ``{username, password}`` → ``{IdToken, ExpiresIn}``; every other
  call but the pre-signed upload needs ``Authorization: Bearer <IdToken>``, 401
  once the token expired (:meth:`expire_tokens`) .
- ``GET /catalog`` → the products of :attr:`catalog`; ``GET /partners`` → the shop.
- ``POST /reimbursement-claims/new_claim`` → ``{ReimbursementClaimID, RequestStatus: DRAFT}``
  (400 ``{error: {code, status, message}}`` when a field is missing);
  ``GET /reimbursement-claims?PurchaseOrderByCustomer=`` finds claims by the shop's reference;
  ``POST …/{id}/upload-file`` → a pre-signed ``url`` taking the file by ``PUT``, once;
  ``POST …/{id}/confirm-claim`` (needs the invoice) → ``SUBMITTED``;
  ``GET …/{id}`` → ``{RequestStatus, RefusalReason, AmountPaid}``.
"""

import itertools
import secrets
import time

from odoo.addons.eco_bonus_claim.tests.loopback import LoopbackServer, serve_until_stopped

CLAIM = "/reimbursement-claims/(?P<claim_id>ES-\\d+)"
UNKNOWN_CLAIM = 404, {"error": {"code": "NOT_FOUND", "status": 404, "message": "unknown claim"}}


class EcosystemEmulator(LoopbackServer):
    def __init__(self, username="atelier", password="secret", token_ttl=3600, catalog=None, repair_places=None):
        self.username, self.password, self.token_ttl = username, password, token_ttl
        self.tokens = {}
        self.catalog = catalog or []
        self.repair_places = repair_places or [{"RepairPlaceID": "RP-1", "Name": "Atelier"}]
        self.claims = {}
        self.uploads = {}
        self.logins = 0
        self._ids = itertools.count(1)
        super().__init__()

    def setup_routes(self):
        self.route("POST", "/login", self.login)
        self.route("GET", "/catalog", self.get_catalog)
        self.route("GET", "/partners", self.get_partners)
        self.route("POST", "/reimbursement-claims/new_claim", self.new_claim)
        self.route("GET", "/reimbursement-claims", self.find_claims)
        self.route("POST", f"{CLAIM}/upload-file", self.upload_slot)
        self.route("PUT", "/upload/(?P<token>[\\w-]+)", self.upload)
        self.route("POST", f"{CLAIM}/confirm-claim", self.confirm)
        self.route("GET", CLAIM, self.get_claim)
        self.route("DELETE", CLAIM, self.delete_claim)
        # not part of the contract: benchmarks replace the catalogue of a running emulator
        self.route("PUT", "/_emulator/catalog", self.replace_catalog)

    def replace_catalog(self, request):
        self.catalog = request.json()
        return 200, {"products": len(self.catalog)}

    # -- authentication -------------------------------------------------------------
    def login(self, request):
        body = request.json() or {}
        if (body.get("username"), body.get("password")) != (self.username, self.password):
            return 401, {"error": {"code": "AUTH", "status": 401, "message": "bad credentials"}}
        self.logins += 1
        token = secrets.token_hex(8)
        self.tokens[token] = time.monotonic() + self.token_ttl
        return 200, {"IdToken": token, "ExpiresIn": self.token_ttl}

    def expire_tokens(self):
        self.tokens = dict.fromkeys(self.tokens, 0.0)

    def _route(self, request):
        # every call needs the bearer token, but the login and the pre-signed upload
        if request.path != "/login" and not request.path.startswith(("/upload/", "/_emulator/")):
            denied = self._denied(request)
            if denied:
                return denied
        return super()._route(request)

    def _denied(self, request):
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if self.tokens.get(token, 0.0) < time.monotonic():
            return 401, {"error": {"code": "TOKEN", "status": 401, "message": "token expired or invalid"}}
        return None

    # -- reference data -----------------------------------------------------------------
    def get_catalog(self, request):
        return 200, self.catalog

    def get_partners(self, request):
        return 200, [{"RepairerID": "REP-42", "CorporateName": "Atelier", "RepairPlaces": self.repair_places}]

    # -- claims -------------------------------------------------------------------------
    def new_claim(self, request):
        body = request.json() or {}
        missing = [
            name
            for name, value in (
                ("RepairDate", body.get("RepairDate")),
                ("Product.ProductID", (body.get("Product") or {}).get("ProductID")),
                ("Customer.LastName", (body.get("Customer") or {}).get("LastName")),
                ("Bill.TotalAmountInclVAT", (body.get("Bill") or {}).get("TotalAmountInclVAT")),
                ("Bill.AmountCovered", (body.get("Bill") or {}).get("AmountCovered")),
            )
            if value in (None, "")
        ]
        if missing:
            return 400, {"error": {"code": "VALIDATION", "status": 400, "message": f"missing: {', '.join(missing)}"}}
        claim_id = f"ES-{next(self._ids)}"
        self.claims[claim_id] = {"body": body, "status": "DRAFT", "files": {}, "reason": None, "paid": 0.0}
        return 201, {"ReimbursementClaimID": claim_id, "RequestStatus": "DRAFT"}

    def find_claims(self, request):
        # refs/qualirepar-api.md (S1): GET /reimbursement-claims answers {"Items": [...], "Count"},
        # with no filter parameter in any public client
        items = [
            {
                "ReimbursementClaimID": claim_id,
                "RequestStatus": claim["status"],
                "PurchaseOrderByCustomer": claim["body"].get("PurchaseOrderByCustomer"),
            }
            for claim_id, claim in self.claims.items()
        ]
        return 200, {"Items": items, "Count": len(items)}

    def upload_slot(self, request):
        if request.params["claim_id"] not in self.claims:
            return UNKNOWN_CLAIM
        body = request.json() or {}
        token = secrets.token_hex(8)
        self.uploads[token] = (request.params["claim_id"], body.get("FileName"), body.get("FileType"))
        return 200, {"url": f"{self.url}/upload/{token}"}

    def upload(self, request):
        slot = self.uploads.pop(request.params["token"], None)
        if not slot:
            return 403, {"error": {"code": "SIGNATURE", "status": 403, "message": "expired or used address"}}
        claim_id, name, file_type = slot
        self.claims[claim_id]["files"][name] = (file_type, request.body)
        return 200, {}

    def confirm(self, request):
        claim = self.claims.get(request.params["claim_id"])
        if not claim:
            return UNKNOWN_CLAIM
        if "invoice" not in {file_type for file_type, _content in claim["files"].values()}:
            return 400, {"error": {"code": "VALIDATION", "status": 400, "message": "the invoice is missing"}}
        if claim["status"] == "DRAFT":
            claim["status"] = "SUBMITTED"
        return 200, {"ReimbursementClaimID": request.params["claim_id"], "RequestStatus": claim["status"]}

    def get_claim(self, request):
        claim = self.claims.get(request.params["claim_id"])
        if not claim:
            return UNKNOWN_CLAIM
        return 200, {
            "ReimbursementClaimID": request.params["claim_id"],
            "RequestStatus": claim["status"],
            "RefusalReason": claim["reason"],
            "AmountPaid": claim["paid"],
        }

    def delete_claim(self, request):
        self.claims.pop(request.params["claim_id"], None)
        return 200, {}

    def set_status(self, claim_id, status, reason=None, paid_amount=0.0):
        self.claims[claim_id].update(status=status, reason=reason, paid=paid_amount)


def catalog(product_types=100, brands=500, repair_codes=50, seed_amount=20):
    """A catalogue of the size Ecosystem publishes (73 product types in 2024)."""
    brand_list = [
        {"BrandID": f"B{b:04d}", "BrandName": f"Marque {b}", "isEcosystemBrand": b % 3 != 0} for b in range(brands)
    ]
    return [
        {
            "ProductID": f"P{p:03d}",
            "ProductName": f"Appareil {p}",
            "ProductEligibleFrom": "2022-12-15T00:00:00",
            "ProductEligibleUntil": None,
            "ProductSheet": f"Fiche {p % 10 + 1}",
            "Brands": brand_list,
            "RepairCode": [
                {"Code": f"R{p:03d}-{c:02d}", "Description": f"Réparation {c}"} for c in range(repair_codes)
            ],
            "Amounts": [
                {
                    "AmountValidFrom": "2022-12-15",
                    "AmountValidUntil": "2023-12-31",
                    "Amount": seed_amount,
                    "Currency": "EUR",
                },
                {
                    "AmountValidFrom": "2024-01-01",
                    "AmountValidUntil": None,
                    "Amount": seed_amount + 5 + p % 30,
                    "Currency": "EUR",
                },
            ],
            "Threshold": [
                {
                    "AmountValidFrom": "2024-01-01",
                    "AmountValidTo": None,
                    "MinimumAmount": 150 if p % 7 == 0 else 0,
                    "Currency": "EUR",
                }
            ],
        }
        for p in range(product_types)
    ]


def serve(*args):
    """A stand-alone emulator with a catalogue, for benchmarks."""
    serve_until_stopped(EcosystemEmulator(catalog=catalog()))
