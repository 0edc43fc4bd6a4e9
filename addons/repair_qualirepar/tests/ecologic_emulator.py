"""Emulator of Ecologic's "API GesCo Fonds Réparations EEE" as spoken by
repair_qualirepar's EcologicClient (contract: addons/repair_qualirepar/readme/CONTEXT.md).

Every call needs the ``api_key`` header and answers the envelope
``{ResponseData, ResponseStatus, IsValid, ResponseMessage, ResponseErrorMessage}``
under ``/api/v1/ecosupport/``:

- ``printproducttypewithlabellist``, ``printbrandlist``, ``getrepairsitesbyats``: reference data;
- ``calculateecosupport``: the bonus for a total, a product type and a brand;
- ``createclaim?RepairEndDate&RepairSiteId&ConsumerInvoiceNumber&QuoteNumber``: HTTP 206
  with ``ValidationErrors`` when a field is missing; the same invoice number twice
  answers the claim already created;
- ``attachfile?ClaimId&fileName&fileExtension&documentType`` with ``{FileContent}``
  (the same file name twice replaces it);
- ``submitclaim?ClaimId``: 206 while the invoice is missing, else ``WAITING``;
- ``getclaimstatus?claimId``: ``{LastStatus, Comment, PaidAmount}``.
"""

import base64
import itertools

from odoo.addons.eco_bonus_claim.tests.loopback import LoopbackServer, serve_until_stopped

PREFIX = "/api/v1/ecosupport"


def envelope(data, valid=True, status=200, message=""):
    return status, {
        "ResponseData": data,
        "ResponseStatus": "OK" if valid else "KO",
        "IsValid": valid,
        "ResponseMessage": message,
        "ResponseErrorMessage": "" if valid else message,
    }


def incomplete(errors, claim_id=None):
    return envelope(
        {
            "ClaimId": claim_id,
            "IsValid": False,
            "ValidationErrors": [{"Field": f, "ErrorMessage": m, "MessageType": "Error"} for f, m in errors],
        },
        valid=False,
        status=206,
        message="incomplete",
    )


class EcologicEmulator(LoopbackServer):
    def __init__(self, api_key="test-key", product_types=None, brands=None, sites=None, amounts=None):
        self.api_key = api_key
        self.product_types = product_types or [{"ProductId": "EL-LL", "ProductName": "Lave-linge", "Label": "1"}]
        self.brands = brands or [{"BrandId": "EB-1", "BrandName": "Marque 0"}]
        self.sites = sites or [{"RepairSiteId": "RS-1", "Name": "Atelier"}]
        self.amounts = amounts or {"EL-LL": 50.0}
        self.claims = {}
        self.by_invoice = {}
        self._ids = itertools.count(1)
        super().__init__()

    def setup_routes(self):
        for name in (
            "printproducttypewithlabellist",
            "printbrandlist",
            "getrepairsitesbyats",
            "calculateecosupport",
            "getclaimstatus",
        ):
            self.route("GET", f"{PREFIX}/{name}", getattr(self, name))
        for name in ("createclaim", "attachfile", "submitclaim"):
            self.route("POST", f"{PREFIX}/{name}", getattr(self, name))

    def _route(self, request):
        if request.headers.get("api_key") != self.api_key:
            return envelope(None, valid=False, status=401, message="invalid api_key")
        return super()._route(request)

    # -- reference data -----------------------------------------------------------------
    def printproducttypewithlabellist(self, request):
        return envelope(self.product_types)

    def printbrandlist(self, request):
        return envelope(self.brands)

    def getrepairsitesbyats(self, request):
        return envelope(self.sites)

    def calculateecosupport(self, request):
        query = request.query
        amount = self.amounts.get(query.get("productId"), 0.0)
        if float(query.get("totalAmountInclVAT") or 0) < amount:
            amount = 0.0
        return envelope({"SupportAmount": {"Amount": amount, "Currency": "EUR"}})

    # -- claims -------------------------------------------------------------------------
    def createclaim(self, request):
        query, body = request.query, request.json() or {}
        invoice = query.get("ConsumerInvoiceNumber")
        if invoice in self.by_invoice:
            claim_id = self.by_invoice[invoice]
            return envelope({"ClaimId": claim_id, "IsValid": True, "LastStatus": self.claims[claim_id]["status"]})
        errors = [
            (f, "Champ obligatoire")
            for f in ("RepairEndDate", "RepairSiteId", "ConsumerInvoiceNumber")
            if not query.get(f)
        ]
        consumer, product = body.get("Consumer") or {}, body.get("Product") or {}
        errors += [(f"Consumer.{f}", "Champ obligatoire") for f in ("LastName", "Zip", "City") if not consumer.get(f)]
        errors += [
            (f"Product.{f}", "Champ obligatoire")
            for f in ("ProductId", "BrandId", "SerialNumber")
            if not product.get(f)
        ]
        known = {
            "ProductId": {str(p["ProductId"]) for p in self.product_types},
            "BrandId": {str(b["BrandId"]) for b in self.brands},
        }
        errors += [
            (f"Product.{f}", "Identifiant inconnu du référentiel Ecologic")
            for f, ids in known.items()
            if product.get(f) and str(product[f]) not in ids
        ]
        if errors:
            return incomplete(errors)
        claim_id = f"EL-{next(self._ids)}"
        self.claims[claim_id] = {
            "query": query,
            "body": body,
            "files": {},
            "status": "DRAFT",
            "comment": None,
            "paid": 0.0,
        }
        self.by_invoice[invoice] = claim_id
        return envelope({"ClaimId": claim_id, "IsValid": True, "LastStatus": "DRAFT"})

    def attachfile(self, request):
        query = request.query
        claim = self.claims.get(query.get("ClaimId"))
        if not claim:
            return envelope(None, valid=False, status=404, message="unknown claim")
        content = base64.b64decode((request.json() or {}).get("FileContent") or "", validate=True)
        claim["files"][f"{query.get('fileName')}.{query.get('fileExtension')}"] = (query.get("documentType"), content)
        return envelope({"ClaimId": query["ClaimId"], "IsValid": True})

    def submitclaim(self, request):
        claim_id = request.query.get("ClaimId")
        claim = self.claims.get(claim_id)
        if not claim:
            return envelope(None, valid=False, status=404, message="unknown claim")
        if "INVOICE" not in {kind for kind, _content in claim["files"].values()}:
            return incomplete([("Documents", "La facture est obligatoire")], claim_id)
        if claim["status"] == "DRAFT":
            claim["status"] = "WAITING"
        return envelope({"ClaimId": claim_id, "IsValid": True, "LastStatus": claim["status"]})

    def getclaimstatus(self, request):
        claim_id = request.query.get("claimId")
        claim = self.claims.get(claim_id)
        if not claim:
            return envelope(None, valid=False, status=404, message="unknown claim")
        return envelope(
            {
                "ClaimId": claim_id,
                "LastStatus": claim["status"],
                "Comment": claim["comment"],
                "PaidAmount": claim["paid"],
            }
        )

    def set_status(self, claim_id, status, comment=None, paid_amount=0.0):
        self.claims[claim_id].update(status=status, comment=comment, paid=paid_amount)


def serve(*args):
    """A stand-alone emulator, for benchmarks."""
    serve_until_stopped(EcologicEmulator())
