"""Emulator of Ecosystem's repairer API, written from the answers public clients
received from the production API (project notes: shared/refs/qualirepar-api.md).
Each shape served names its source:

- S1: ``jhujube/Qualirepar``, ``quali/src/main/java/com/hallouin/model/ecosystem/api/``
  (``request_pojo/*.java`` what it sends, ``response_pojo/*.java`` what it reads,
  ``EcosystemApi.java``, ``SendEcosystemInvoices.java``);
- S4: ``Neo52000/reparateur-conseil-francais-pro``, ``src/types/qualirepar.ts``
  (the v3 documented types, statuses and reject reasons).

Every claim body is checked against those shapes, types included: a wrong shape
gets the 400 the real API would give, never a claim built from a guess.
"""

import itertools
import re
import secrets
import time
from datetime import datetime, timezone

from odoo.addons.eco_bonus_claim.tests.loopback import LoopbackServer, serve_until_stopped

CLAIM = "/reimbursement-claims/(?P<claim_id>[\\w-]+)"

# S4 ``QualiReparV3Status`` (S1's ClaimsListPanel colours the same labels)
CREATING = "En cours de création"
SENT = "Envoyé, en cours vérification"
APPROVED = "Approuvé, en cours rembourst"
PAID = "Remboursement effectué"
REJECTED = "Rejeté"
CANCELLED = "Annulé"

# S4 ``QualiReparV3NewClaimRequest.RepairPlaceID``: "2000000" for a home repair
HOME_REPAIR_PLACE = "2000000"
# S1 ``SendEcosystemInvoices.createEcosystemClaim``: BrandID "0000" with PartnerProduct
UNLISTED_BRAND = "0000"
# S1 FileInfos / S4 ``QualiReparV3UploadRequest.FileType``
FILE_TYPES = {"invoice", "serial_tag", "device_picture", "claim_request"}


def error(code, status, message, http_status=None):
    """S1 ``RqError`` / ``ErrorContent``: ``{"error": {"code": int, "status": str,
    "message": str}}``; S1 looks for it in every body, whatever the HTTP status."""
    return http_status or code, {"error": {"code": code, "status": status, "message": message}}


def bad_request(message):
    return error(400, "Bad Request", message)


# -- the new claim's shape (S1 request_pojo/NewClaim.java, Product.java, Customer.java,
# EcosystemBill.java, AmountCurency.java; S4 QualiReparV3NewClaimRequest) ---------------
STR, NUMBER, DATE, MONEY = "a string", "a number", "a date yyyy-MM-dd", "an object {amount, currency}"
REQUIRED, OPTIONAL = True, False
NEW_CLAIM = {
    "RepairDate": (DATE, REQUIRED),
    "PurchaseOrderByCustomer": (STR, OPTIONAL),
    "RepairPlaceID": (STR, REQUIRED),
    "RepairerId": (STR, REQUIRED),
    "Product": (
        {
            "ProductID": (STR, REQUIRED),
            "BrandID": (STR, REQUIRED),
            "PartnerProduct": (STR, OPTIONAL),  # required with BrandID "0000" (S4, S1)
            "ProductIdentificationNumber": (STR, REQUIRED),
            "RepairTypeCode": (STR, OPTIONAL),  # this one or IrisCode (S4)
            "IrisCode": (STR, OPTIONAL),
            "CommercialReference": (STR, OPTIONAL),
        },
        REQUIRED,
    ),
    "SpareParts": (
        {
            "NewSparePartsAmount": (NUMBER, OPTIONAL),
            "SecondHandSparePartsAmount": (NUMBER, OPTIONAL),
            "PiecSparePartsAmount": (NUMBER, OPTIONAL),
        },
        OPTIONAL,
    ),
    # S4 types every customer field as a required string; S1 defaults Country to "FR"
    "Customer": (
        {
            name: (STR, REQUIRED)
            for name in (
                "Title",
                "LastName",
                "FirstName",
                "Email",
                "PhoneNumber",
                "StreetLine1",
                "PostalCode",
                "City",
                "Country",
            )
        },
        REQUIRED,
    ),
    # S1 EcosystemBill: each amount an AmountCurency {"amount": Double, "currency": "EUR"}
    "Bill": (
        {
            "TotalAmountInclVAT": (MONEY, REQUIRED),
            "AmountCovered": (MONEY, REQUIRED),
            "AmountBeforeTax": (MONEY, OPTIONAL),
            "LaborCost": (MONEY, OPTIONAL),
            "SparePartsCost": (MONEY, OPTIONAL),
            "TravelExpenses": (MONEY, OPTIONAL),
        },
        REQUIRED,
    ),
}


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def shape_errors(value, shape, path=""):
    """What in ``value`` does not follow ``shape``: a missing required key, a key
    the API does not know, a ``null`` (S1's Gson leaves empty keys out), a wrong type."""
    if not isinstance(value, dict):
        return [f"{path or 'body'}: expected an object"]
    errors = [f"{path}{key}: unknown field" for key in value if key not in shape]
    for key, (kind, required) in shape.items():
        name = f"{path}{key}"
        if key not in value:
            if required:
                errors.append(f"{name}: required")
            continue
        item = value[key]
        if item is None:
            errors.append(f"{name}: null")
        elif isinstance(kind, dict):
            errors += shape_errors(item, kind, f"{name}.")
        elif kind == STR and (not isinstance(item, str) or not item.strip()):
            errors.append(f"{name}: expected {STR}")
        elif kind == NUMBER and not _is_number(item):
            errors.append(f"{name}: expected {NUMBER}")
        elif kind == DATE and not (isinstance(item, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", item)):
            errors.append(f"{name}: expected {DATE}")
        elif kind == MONEY and not (
            isinstance(item, dict)
            and set(item) == {"amount", "currency"}
            and _is_number(item["amount"])
            and isinstance(item["currency"], str)
            and re.fullmatch(r"[A-Z]{3}", item["currency"])
        ):
            errors.append(f"{name}: expected {MONEY}")
    return errors


class EcosystemEmulator(LoopbackServer):
    """``token_field``: ``IdToken`` as S1 reads it, or ``AccessToken`` as the v3
    documentation (S4) names it. :attr:`catalog` is the list of products served;
    :meth:`set_status` moves a claim on as Ecosystem's staff would."""

    def __init__(
        self,
        username="atelier",
        password="secret",
        token_ttl=3600,
        catalog=None,
        repair_places=None,
        repairer_id="2104242",
        token_field="IdToken",
    ):
        self.username, self.password, self.token_ttl = username, password, token_ttl
        self.token_field = token_field
        self.tokens = {}
        self.catalog = catalog if catalog is not None else []
        self.repairer_id = repairer_id
        # S1 request_pojo/partners/RepairPlace.java
        self.repair_places = (
            repair_places
            if repair_places is not None
            else [
                {
                    "RepairPlaceID": "2104243",
                    "CorporateName": "Atelier Martin",
                    "AlternativeName": "Atelier Martin - interventions",
                    "StreetLine1": "3 rue du Port",
                    "PostalCode": "69002",
                    "City": "Lyon",
                    "Country": "FR",
                    "Siret": "12345678900021",
                }
            ]
        )
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
        self.route("GET", "/reimbursement-claims", self.list_claims)
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
        # S1 Connect.java sends {"username", "password"}; S4 (v3) {"Username", "Password"}
        credentials = (body.get("username", body.get("Username")), body.get("password", body.get("Password")))
        if credentials != (self.username, self.password):
            return error(401, "Unauthorized", "Incorrect username or password.")
        self.logins += 1
        token = secrets.token_hex(16)
        self.tokens[token] = time.monotonic() + self.token_ttl
        # S1 LoginInformations: ExpiresIn is a String; S4 QualiReparV3AuthResponse: a number
        expires = str(self.token_ttl) if self.token_field == "IdToken" else self.token_ttl
        return 200, {
            self.token_field: token,
            "ExpiresIn": expires,
            "AllowedRepairer": [self.repairer_id],
            "isIntermediary": False,
        }

    def expire_tokens(self):
        self.tokens = dict.fromkeys(self.tokens, 0.0)

    def _route(self, request):
        # every call needs the bearer (S1 EcosystemApiClient), but the login and the
        # pre-signed upload, which carries its own signature
        if request.path != "/login" and not request.path.startswith(("/upload/", "/_emulator/")):
            token = request.headers.get("Authorization", "").removeprefix("Bearer ")
            if self.tokens.get(token, 0.0) < time.monotonic():
                return error(401, "Unauthorized", "The incoming token has expired")
        return super()._route(request)

    # -- reference data -----------------------------------------------------------------
    def get_catalog(self, request):
        """S1 response_pojo/GetCatalog.java: ``{"total", "results": [Product]}``; each
        part of a product only when its query parameter asks for it (S1's query)."""
        wanted = {
            "brands": "Brands",
            "repair-codes": "RepairCode",
            "reimbursement-amounts": "Amounts",
            "product-sheets": "ProductSheet",
            "threshold": "Threshold",
        }
        dropped = {key for param, key in wanted.items() if request.query.get(param) != "true"}
        results = [{k: v for k, v in product.items() if k not in dropped} for product in self.catalog]
        return 200, {"total": len(results), "results": results}

    def get_partners(self, request):
        """S1 response_pojo/GetPartners.java, request_pojo/partners/Partner.java."""
        partner = {
            "RepairerID": self.repairer_id,
            "CorporateName": "Atelier Martin SARL",
            "AlternativeName": "Atelier Martin",
            "StreetLine1": "12 quai Perrache",
            "PostalCode": "69002",
            "City": "Lyon",
            "Country": "FR",
        }
        if request.query.get("repair-places") == "true":
            partner["RepairPlaces"] = self.repair_places
        if request.query.get("business-sheets") == "true":
            partner["BusinessSheets"] = [
                {"Type": "Fiche 1", "NumberId": "1", "ValidFrom": "2023-01-01", "ValidTo": "2030-12-31"}
            ]
        return 200, {"Items": [partner]}

    # -- claims -------------------------------------------------------------------------
    def _product(self, product_id):
        return next((p for p in self.catalog if p.get("ProductID") == product_id), None)

    def new_claim(self, request):
        """S1 NewClaim → response_pojo/CreatedClaim.java (S4 QualiReparV3NewClaimResponse)."""
        try:
            body = request.json()
        except ValueError:
            return bad_request("The body is not JSON")
        errors = shape_errors(body, NEW_CLAIM)
        if not errors:
            errors = self._claim_errors(body)
        if errors:
            return bad_request("; ".join(errors))
        claim_id = str(400000 + next(self._ids))
        self.claims[claim_id] = {
            "body": body,
            "status": CREATING,
            "files": {},
            "reject_reason": None,
            "sap": None,
            "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }
        return 200, {
            "ReimbursementClaimID": claim_id,
            "RequestStatus": CREATING,
            "RepairDate": body["RepairDate"],
            "PurchaseOrderByCustomer": body.get("PurchaseOrderByCustomer"),
            "AttachedFiles": [],
            "CreationDate": self.claims[claim_id]["created"],
        }

    def _claim_errors(self, body):
        """What the shapes cannot say: the ids must be the repairer's and the catalogue's."""
        errors = []
        if body["RepairerId"] != self.repairer_id:
            errors.append(f"RepairerId: {body['RepairerId']} is not an allowed repairer")
        places = {self.repairer_id, HOME_REPAIR_PLACE, *(p["RepairPlaceID"] for p in self.repair_places)}
        if body["RepairPlaceID"] not in places:
            errors.append(f"RepairPlaceID: {body['RepairPlaceID']} is not one of the repairer's places")
        product = body["Product"]
        catalog_product = self._product(product["ProductID"])
        if not catalog_product:
            return [*errors, f"Product.ProductID: unknown product {product['ProductID']}"]
        if product["BrandID"] == UNLISTED_BRAND:
            if "PartnerProduct" not in product:
                errors.append("Product.PartnerProduct: required with BrandID 0000")
        elif product["BrandID"] not in {b["BrandID"] for b in catalog_product.get("Brands") or []}:
            errors.append(f"Product.BrandID: {product['BrandID']} is not a brand of {product['ProductID']}")
        if "RepairTypeCode" not in product and "IrisCode" not in product:
            errors.append("Product.RepairTypeCode or Product.IrisCode: required")
        codes = {c["Code"] for c in catalog_product.get("RepairCode") or []}
        if "RepairTypeCode" in product and product["RepairTypeCode"] not in codes:
            errors.append(f"Product.RepairTypeCode: {product['RepairTypeCode']} is not a code of this product")
        bill = body["Bill"]
        if bill["AmountCovered"]["amount"] > bill["TotalAmountInclVAT"]["amount"]:
            errors.append("Bill.AmountCovered: more than the total")
        if bill["AmountCovered"]["amount"] <= 0:
            errors.append("Bill.AmountCovered: must be positive")
        return errors

    def list_claims(self, request):
        """S1 response_pojo/GetAllClaims.java + ClaimSentInfos.java: every claim of the
        repairer, no filter (S1 filters and sorts locally)."""
        items = [
            {
                "ReimbursementClaimID": claim_id,
                "CreationDate": claim["created"],
                "RepairDate": claim["body"]["RepairDate"],
                "PurchaseOrderByCustomer": claim["body"].get("PurchaseOrderByCustomer"),
                "SapServiceOrder": claim["sap"],
                "RequestStatus": claim["status"],
                "AttachedFiles": self._attached(claim),
            }
            for claim_id, claim in self.claims.items()
        ]
        return 200, {"Items": items, "Count": len(items)}

    @staticmethod
    def _attached(claim):
        # S1 pojo/FileInfos.java
        return [
            {"FileName": name, "FileType": file_type, "FileSizeInMB": round(len(content) / 1024 / 1024, 3)}
            for name, (file_type, content) in claim["files"].items()
        ]

    def upload_slot(self, request):
        """S1 FileInfos → response_pojo/UploadFileUrl.java ``{"url"}``."""
        claim = self.claims.get(request.params["claim_id"])
        if not claim:
            return error(404, "Not Found", "Reimbursement claim not found")
        if claim["status"] != CREATING:
            return bad_request(f"The claim is {claim['status']}: no file can be added")
        body = request.json() or {}
        problems = shape_errors(
            body, {"FileName": (STR, REQUIRED), "FileType": (STR, REQUIRED), "FileSizeInMB": (NUMBER, REQUIRED)}
        )
        if not problems and body["FileType"] not in FILE_TYPES:
            problems.append(f"FileType: {body['FileType']} is not one of {sorted(FILE_TYPES)}")
        if problems:
            return bad_request("; ".join(problems))
        token = secrets.token_hex(16)
        self.uploads[token] = (request.params["claim_id"], body["FileName"], body["FileType"])
        return 200, {"url": f"{self.url}/upload/{token}"}

    def upload(self, request):
        # S1 EcosystemApiClient.sendPutRequest: the bytes, application/octet-stream, no
        # bearer; a pre-signed address refuses a second authorisation and a second use
        if request.headers.get("Authorization"):
            return 400, {"error": {"code": 400, "status": "InvalidArgument", "message": "Only one auth mechanism"}}
        slot = self.uploads.pop(request.params["token"], None)
        if not slot:
            return 403, {"error": {"code": 403, "status": "AccessDenied", "message": "Request has expired"}}
        claim_id, name, file_type = slot
        self.claims[claim_id]["files"][name] = (file_type, request.body)
        return 200, {}

    def confirm(self, request):
        """S4 QualiReparV3ConfirmResponse ``{RequestStatus, SapServiceOrder}``. A claim
        without its invoice is not confirmed: the error comes in a 200 (S1 reads the
        body whatever the status; this emulator picks the status that hurts)."""
        claim_id = request.params["claim_id"]
        claim = self.claims.get(claim_id)
        if not claim:
            return error(404, "Not Found", "Reimbursement claim not found")
        if claim["status"] != CREATING:
            return bad_request(f"The claim is already {claim['status']}")
        if "invoice" not in {file_type for file_type, _content in claim["files"].values()}:
            return error(422, "Unprocessable Entity", "The invoice is missing", http_status=200)
        claim["status"] = SENT
        claim["sap"] = f"4{claim_id}"
        return 200, {"RequestStatus": SENT, "SapServiceOrder": claim["sap"]}

    def get_claim(self, request):
        """S1 response_pojo/ClaimsDetailsList.java ``{"Items": [ClaimDetails], "Count"}``."""
        claim_id = request.params["claim_id"]
        claim = self.claims.get(claim_id)
        if not claim:
            return error(404, "Not Found", "Reimbursement claim not found")
        body = claim["body"]
        details = {
            "ReimbursementClaimID": claim_id,
            "RequestStatus": claim["status"],
            "RepairDate": body["RepairDate"],
            "PurchaseOrderByCustomer": body.get("PurchaseOrderByCustomer"),
            "Product": body["Product"],
            "Customer": body["Customer"],
            "Bill": body["Bill"],
            "AttachedFiles": self._attached(claim),
        }
        if claim["sap"]:
            details["SapServiceOrder"] = claim["sap"]
        if claim["reject_reason"]:
            details["RejectReason"] = claim["reject_reason"]
        return 200, {"Items": [details], "Count": 1}

    def delete_claim(self, request):
        # S1 EcosystemApi.deleteClaim; S1's EcosystemController offers it only "En cours de création"
        claim = self.claims.get(request.params["claim_id"])
        if not claim:
            return error(404, "Not Found", "Reimbursement claim not found")
        if claim["status"] != CREATING:
            return bad_request(f"The claim is {claim['status']}: it cannot be deleted")
        del self.claims[request.params["claim_id"]]
        return 200, {}

    def set_status(self, claim_id, status, reject_reason=None):
        """``status`` one of S4's labels; ``reject_reason`` such as "06 : Bonus incorrect"."""
        self.claims[claim_id].update(status=status, reject_reason=reject_reason)


def catalog(product_types=100, brands=500, repair_codes=50, seed_amount=20):
    """A catalogue of the size Ecosystem publishes (73 product types in 2024), in the
    shape of S1 pojo/Product.java."""
    brand_list = [
        {"BrandID": f"{b + 1:04d}", "BrandName": f"Marque {b}", "isEcosystemBrand": b % 3 != 0} for b in range(brands)
    ]
    return [
        {
            "ProductID": f"P{p:03d}",
            "ProductName": f"Appareil {p}",
            "ProductEligibleFrom": "2022-12-15T00:00:00",
            "ProductEligibleUntil": "2099-12-31T00:00:00",
            "ProductSheet": {
                "Type": f"Fiche {p % 10 + 1}",
                "ExpectedIdType": "IMEI" if p % 10 == 6 else "SerialNumber",
                "DefectIdType": "RepairCode",
                "ValidFrom": "2022-12-15",
                "ValidTo": "2099-12-31",
            },
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
                    "AmountValidUntil": "2099-12-31",
                    "Amount": seed_amount + 5 + p % 30,
                    "Currency": "EUR",
                },
            ],
            "Threshold": [
                {
                    "AmountValidFrom": "2024-01-01",
                    "AmountValidTo": "2099-12-31",
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
