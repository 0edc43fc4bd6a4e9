"""Emulator of Ecologic's "API GesCo Fonds Réparations EEE" (v1), served on 127.0.0.1
under ``/api/v1/ecosupport/`` with the answers real clients got from production.

Sources (see /work/shared/refs/qualirepar-api.md), cited per answer below:

- S1 ``jhujube/Qualirepar``, ``quali/src/main/java/com/hallouin/model/ecologic/api/``:
  ``EcologicApi.java`` (calls and query strings), ``SendEcologicInvoices.java`` (206 at
  creation, attachments always missing, submit then ``GetClaimStatus`` for the reasons),
  ``pojo/SupportRequest.java`` (claim body and its types), ``pojo/LabeledProductType.java``,
  ``pojo/RepairSite.java``, ``pojo/BrandEcologic.java``, ``response_pojo/ResponseEcologic.java``
  (envelope, ``ResponseData``, ``ValidationErrors``).
- S2 ``RamiBenSlimene/QualiRepar``, ``src/app/services/eco-support.service.ts`` (``getecoorganization``,
  ``calculateecosupport``, ``updateclaim``, ``getclaimstatus``), ``src/app/types/claim-request.ts``
  (``Country`` a string), ``src/app/enums/labelStatus.ts`` (v2 status codes).

Every claim body is checked against those shapes, types included: a body of another
shape (a ``null``, a string ``Title``, an amount that is not ``{Amount, Currency}``,
costs that do not add up excluding VAT, no failure code) is answered HTTP 400, as a
real API validating its model would. What is missing or unknown in a well-formed
claim is answered 206 with ``ValidationErrors``, the claim being created all the same.
"""

import base64
import binascii
import itertools
from datetime import date, datetime

from odoo.addons.eco_bonus_claim.tests.loopback import LoopbackServer, serve_until_stopped

PREFIX = "/api/v1/ecosupport"

# S1 SendEcologicInvoices.filterFilesErrors: this error comes with every new claim
ATTACHMENTS_MISSING = "Des pièces jointes sont requises"
# the guide's documentType values (refs); NAMEPLATE is mandatory for IT & telecom
DOCUMENT_TYPES = {"INVOICE", "NAMEPLATE", "PRODUCTPICTURE", "CONSUMERVALIDATION"}
# getecoorganization answers an id (S2 reads ``ResponseData.EcoOrganizationId``); the
# values themselves are not public: these are the emulator's, configured alike on the
# accounts of the tests
ECOLOGIC_ORG_ID = 44
ECOSYSTEM_ORG_ID = 45
# claims that can no longer be changed (S2 labelStatus.ts; "Clôturée" in S1's v1 words)
FINAL_STATUSES = {"ACCEPTED", "CLOSEDACCEPTED", "CANCELLED", "Clôturée"}

# S1 pojo/SupportRequest.java (types) and S2 types/claim-request.ts
CONSUMER = {
    "Title": int,
    "LastName": str,
    "FirstName": str,
    "StreetNumber": str,
    "Address1": str,
    "Address2": str,
    "Address3": str,
    "Zip": str,
    "City": str,
    "Country": (int, str),  # 250 in S1, a string in S2 (disputed: both accepted)
    "Phone": str,
    "Email": str,
    "AutoValidation": bool,
}
PRODUCT = {
    "ProductId": str,
    "BrandId": (str, int),  # a string in S1, ``Number(...)`` in S2's createEmptyClaim
    "CommercialRef": str,
    "SerialNumber": str,
    "PurchaseDate": str,
    "IRISCondition": str,
    "IRISConditionEX": str,
    "IRISSymptom": str,
    "IRISSection": str,
    "IRISDefault": str,
    "IRISRepair": str,
    "FailureDescription": str,
    "DefectCode": str,
}
QUOTE = ("LaborCost", "SparePartsCost", "TravelCost", "TotalAmountExclVAT", "TotalAmountInclVAT", "SupportAmount")
SPARE_PART = {"Partref": str, "Quantity": (int, float), "Status": str}


def envelope(data, valid=True, status=200, message="", error=""):
    """S1 response_pojo/ResponseEcologic.java: every answer, whatever its HTTP status."""
    return status, {
        "ResponseData": data,
        "ResponseStatus": "OK" if valid else "KO",
        "IsValid": valid,
        "ResponseMessage": message,
        "ResponseErrorMessage": error,
    }


def refused(message, status=200):
    """An error in a 2xx body (S1 SendEcologicInvoices.errorsReturn reads ``IsValid``
    and ``ResponseErrorMessage`` whatever the status)."""
    return envelope(None, valid=False, status=status, message="Erreur", error=message)


def _typed(value, types):
    if isinstance(value, bool) and bool not in (types if isinstance(types, tuple) else (types,)):
        return False
    return isinstance(value, types)


def _number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _nulls(value, path, errors):
    if value is None:
        errors.append(f"{path}: null")
    elif isinstance(value, dict):
        for key, item in value.items():
            _nulls(item, f"{path}.{key}", errors)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _nulls(item, f"{path}[{index}]", errors)


def _fields(obj, spec, path, errors):
    if not isinstance(obj, dict):
        errors.append(f"{path}: an object is expected")
        return {}
    for key, value in obj.items():
        if key not in spec:
            errors.append(f"{path}.{key}: unknown field")
        elif value is not None and not _typed(value, spec[key]):
            errors.append(f"{path}.{key}: {type(value).__name__} instead of {spec[key]}")
    return obj


def _money(key, value, errors):
    """S1 pojo/SupportRequest.Cost: ``{"Amount": double, "Currency": "EUR"}``; its amount or None."""
    if not isinstance(value, dict) or set(value) != {"Amount", "Currency"}:
        errors.append(f"Quote.{key}: {{Amount, Currency}} expected")
    elif not _number(value["Amount"]) or value["Amount"] < 0:
        errors.append(f"Quote.{key}.Amount: a positive number expected")
    elif not isinstance(value["Currency"], str) or len(value["Currency"]) != 3:
        errors.append(f"Quote.{key}.Currency: an ISO 4217 code expected")
    else:
        return value["Amount"]
    return None


def _quote_errors(quote, errors):
    if not isinstance(quote, dict):
        errors.append("Quote: an object is expected")
        return
    errors += [f"Quote.{key}: unknown field" for key in quote if key not in QUOTE]
    amounts = {key: _money(key, quote.get(key), errors) for key in QUOTE}
    if None in amounts.values():
        return
    # S1 sends labour, parts and travel excluding VAT, which make the total excluding VAT
    costs = amounts["LaborCost"] + amounts["SparePartsCost"] + amounts["TravelCost"]
    if abs(costs - amounts["TotalAmountExclVAT"]) > 0.05:
        errors.append("Quote: LaborCost + SparePartsCost + TravelCost is not TotalAmountExclVAT")
    if amounts["TotalAmountExclVAT"] > amounts["TotalAmountInclVAT"] + 0.005:
        errors.append("Quote: TotalAmountExclVAT is more than TotalAmountInclVAT")
    if amounts["SupportAmount"] > amounts["TotalAmountInclVAT"]:
        errors.append("Quote: SupportAmount is more than TotalAmountInclVAT")


def shape_errors(body):
    """What makes ``body`` another shape than the claim of S1/S2, types included."""
    if not isinstance(body, dict):
        return ["the body is not a JSON object"]
    errors = []
    _nulls(body, "$", errors)
    errors += [f"$.{key}: unknown field" for key in body if key not in ("Consumer", "Product", "Quote", "SpareParts")]
    consumer = _fields(body.get("Consumer"), CONSUMER, "Consumer", errors)
    if "Title" in consumer and consumer["Title"] not in (1, 2, 3, 4):
        errors.append("Consumer.Title: 1 Mlle, 2 Madame, 3 Monsieur or 4 Société")
    country = consumer.get("Country")
    if _number(country) and not 0 < country < 1000:
        errors.append("Consumer.Country: an ISO 3166 numeric code (250) or a country")
    product = _fields(body.get("Product"), PRODUCT, "Product", errors)
    if not product.get("ProductId"):
        errors.append("Product.ProductId: mandatory")
    if not product.get("IRISSymptom"):
        errors.append("Product.IRISSymptom: a failure code is mandatory")
    _quote_errors(body.get("Quote"), errors)
    parts = body.get("SpareParts", [])
    if not isinstance(parts, list):
        errors.append("SpareParts: a list expected")
    else:
        for index, part in enumerate(parts):
            _fields(part, SPARE_PART, f"SpareParts[{index}]", errors)
    return errors


def _query(request, name):
    """Query parameters as the clients spell them: S1 ``quoteNumber``, S2 ``repairEndDate``."""
    wanted = name.lower()
    return next((value for key, value in request.query.items() if key.lower() == wanted), None)


def _day(value):
    try:
        return date.fromisoformat(value[:10])
    except (TypeError, ValueError):
        return None


class EcologicEmulator(LoopbackServer):
    def __init__(self, api_key="test-key", product_types=None, brands=None, sites=None, amounts=None, coverage=None):
        self.api_key = api_key
        # S1 pojo/LabeledProductType.java, S2 types/product-type.ts ("IRISSymtoms" is their spelling)
        self.product_types = product_types or [
            {
                "ProductId": "EL-LL",
                "ProductName": "Lave-linge",
                "EligibilityStartDate": "2022-12-15T00:00:00",
                "EligibilityEndDate": None,
                "RepairCodes": [
                    {"Code": "R01", "Label": "Remplacement pompe de vidange"},
                    {"Code": "R02", "Label": "Remplacement roulements"},
                ],
                "IRISSymtoms": [
                    {"Code": "S01", "Label": "Ne vidange pas"},
                    {"Code": "S02", "Label": "Bruyant à l'essorage"},
                ],
            }
        ]
        # S1 pojo/BrandEcologic.java
        self.brands = brands or [{"BrandId": "EB-1", "BrandName": "Marque 0"}]
        # S1 pojo/RepairSite.java
        self.sites = sites or [
            {"SiteId": "RS-1", "Name": "Atelier", "CommercialName": "Atelier du centre", "Zip": "69003", "City": "Lyon"}
        ]
        self.amounts = amounts or {"EL-LL": 50.0}
        # brand id → EcoOrganizationId; the others are Ecologic's
        self.coverage = coverage or {}
        self.it_telecom = set()
        self.claims = {}
        self.by_invoice = {}
        self._ids = itertools.count(1001)
        super().__init__()

    def setup_routes(self):
        # S1 EcologicApi.java spells some paths in mixed case (Attachfile, GetClaimStatus)
        for name in (
            "printbrandlist",
            "printproducttypelist",
            "printproducttypewithlabellist",
            "getrepairsitesbyats",
            "getecoorganization",
            "calculateecosupport",
            "getclaimstatus",
        ):
            self.route("GET", f"(?i:{PREFIX}/{name})", getattr(self, name))
        for name in ("createclaim", "updateclaim", "attachfile", "submitclaim"):
            self.route("POST", f"(?i:{PREFIX}/{name})", getattr(self, name))

    def _route(self, request):
        key = next((v for k, v in request.headers.items() if k.lower() == "api_key"), None)
        if key != self.api_key:
            return refused("Clé d'API invalide", status=401)
        return super()._route(request)

    # -- reference data (S1 EcologicApi.getBrands/getLabeledProductType/getRepairSites) ---
    def printbrandlist(self, request):
        return envelope(self.brands)

    def printproducttypelist(self, request):
        return envelope([{"ProductId": p["ProductId"], "ProductName": p["ProductName"]} for p in self.product_types])

    def printproducttypewithlabellist(self, request):
        return envelope(self.product_types)

    def getrepairsitesbyats(self, request):
        return envelope(self.sites)

    def getecoorganization(self, request):
        # S2 eco-support.service.ts getEcoOrganization(brandId, productId)
        brand = _query(request, "brandId")
        if brand not in {str(b["BrandId"]) for b in self.brands}:
            return refused("Marque inconnue")
        return envelope({"EcoOrganizationId": self.coverage.get(brand, ECOLOGIC_ORG_ID)})

    def _product(self, product_id):
        return next((p for p in self.product_types if str(p["ProductId"]) == str(product_id)), None)

    def calculateecosupport(self, request):
        # S2 calculate-support.component.ts reads ``ResponseData[0].SupportAmount``; S1
        # sends the symptom (``iRISSymptom``) where S2 sends ``repairCode``
        product = self._product(_query(request, "productId"))
        if not product or _query(request, "brandId") not in {str(b["BrandId"]) for b in self.brands}:
            return refused("Produit ou marque inconnus")
        code = _query(request, "repairCode")
        if code and code not in {c["Code"] for c in product.get("RepairCodes") or []}:
            return refused("Code réparation inconnu pour ce produit")
        try:
            total = float(_query(request, "totalAmountInclVAT"))
        except (TypeError, ValueError):
            return refused("totalAmountInclVAT manquant", status=400)
        amount = self.amounts.get(product["ProductId"], 0.0)
        if total < amount:
            amount = 0.0
        return envelope([{"EcoOrganizationId": ECOLOGIC_ORG_ID, "SupportAmount": amount}])

    # -- claims -------------------------------------------------------------------------
    def _content_errors(self, request, body):
        """What a well-formed claim still lacks (S1 ResponseEcologic.ValidationError)."""
        errors = []
        if not self._site(_query(request, "RepairSiteId")):
            errors.append(("RepairSiteId", "Site de réparation inconnu"))
        consumer, product = body["Consumer"], body["Product"]
        errors += [
            (f"Consumer.{f}", "Champ obligatoire") for f in ("Title", "LastName", "Zip", "City") if not consumer.get(f)
        ]
        if not product.get("SerialNumber"):
            errors.append(("Product.SerialNumber", "Champ obligatoire"))
        if str(product.get("BrandId")) not in {str(b["BrandId"]) for b in self.brands}:
            errors.append(("Product.BrandId", "Marque inconnue du référentiel Ecologic"))
        known = self._product(product["ProductId"])
        # S1 puts the symptom from IRISSymtoms in IRISSymptom, the repair code in IRISSection
        if product["IRISSymptom"] not in {s["Code"] for s in known.get("IRISSymtoms") or []}:
            errors.append(("Product.IRISSymptom", "Symptôme IRIS inconnu pour ce produit"))
        if product.get("IRISSection") and product["IRISSection"] not in {
            c["Code"] for c in known.get("RepairCodes") or []
        }:
            errors.append(("Product.IRISSection", "Code réparation inconnu pour ce produit"))
        return errors

    def _site(self, site_id):
        return next((s for s in self.sites if str(s["SiteId"]) == str(site_id or "")), None)

    def _missing_files(self, claim):
        kinds = {kind for kind, _content in claim["files"].values()}
        missing = [] if "INVOICE" in kinds else [("AttachedFiles", f"{ATTACHMENTS_MISSING} : facture (INVOICE)")]
        # refs: NAMEPLATE is mandatory for IT & telecom (``it_telecom``: their ProductIds)
        if claim["body"]["Product"]["ProductId"] in self.it_telecom and "NAMEPLATE" not in kinds:
            missing.append(("AttachedFiles", f"{ATTACHMENTS_MISSING} : plaque signalétique (NAMEPLATE)"))
        return missing

    def _claim_data(self, claim_id, claim, errors):
        """S1 response_pojo/ResponseEcologic.ResponseData."""
        return {
            "EcoOrganizationId": str(ECOLOGIC_ORG_ID),
            "RequestId": 0,
            "ClaimId": claim_id,
            "IsValid": not errors,
            "LastStatus": claim["status"],
            "Comment": claim["comment"],
            "CreateDate": claim["created"],
            "ValidationErrors": [{"Field": f, "ErrorMessage": m, "MessageType": "Error"} for f, m in errors],
        }

    def _check_request(self, request):
        """The body and query of a create or update call, or the 400 / 2xx error."""
        try:
            body = request.json()
        except ValueError:
            return None, refused("Corps JSON illisible", status=400)
        problems = shape_errors(body)
        if not _day(_query(request, "RepairEndDate") or ""):
            problems.append("RepairEndDate: a date is expected")
        if not _query(request, "ConsumerInvoiceNumber"):
            problems.append("ConsumerInvoiceNumber: mandatory")
        if problems:
            return None, refused("; ".join(problems), status=400)
        if not self._product(body["Product"]["ProductId"]):
            # an unknown product type: refused in a 200 body, no claim created
            return None, refused(f"Type de produit {body['Product']['ProductId']} inconnu")
        return body, None

    def createclaim(self, request):
        # S1 EcologicApi.createClaim: ?RepairEndDate&RepairSiteId&ConsumerInvoiceNumber&quoteNumber
        body, error = self._check_request(request)
        if error:
            return error
        invoice = _query(request, "ConsumerInvoiceNumber")
        # refs: duplicates are refused ("05 : Doublon"), and an invoice with two
        # repaired devices gives two claims: a duplicate is one device on one invoice
        device = (invoice, body["Product"].get("SerialNumber"))
        if device in self.by_invoice:
            return refused(
                f"Doublon : l'appareil {device[1]} de la facture {invoice} fait déjà l'objet de la demande "
                f"{self.by_invoice[device]}"
            )
        claim_id = next(self._ids)
        claim = self.claims[claim_id] = {
            "query": dict(request.query),
            "body": body,
            "files": {},
            "attach_calls": 0,
            "updates": 0,
            "status": None,
            "comment": None,
            "created": datetime.now().isoformat(timespec="seconds"),
        }
        self.by_invoice[device] = claim_id
        claim["errors"] = self._content_errors(request, body)
        # S1 SendEcologicInvoices: 206, the claim created and the attachments always missing
        errors = claim["errors"] + self._missing_files(claim)
        return envelope(self._claim_data(claim_id, claim, errors), status=206, message="Demande créée, incomplète")

    def updateclaim(self, request):
        # S1 EcologicApi.updateClaim, S2 sendUpdateRequest: ?ClaimId&...&submit=true|false, the full body
        claim_id, claim = self._claim(_query(request, "ClaimId"))
        if not claim:
            return refused("Demande inconnue")
        if claim["status"] in FINAL_STATUSES:
            return refused("La demande ne peut plus être modifiée")
        body, error = self._check_request(request)
        if error:
            return error
        claim.update(query=dict(request.query), body=body, updates=claim["updates"] + 1)
        claim["errors"] = self._content_errors(request, body)
        errors = claim["errors"] + self._missing_files(claim)
        if (_query(request, "submit") or "").lower() == "true" and not errors:
            claim.update(status="WAITING", comment=None)
            return envelope(self._claim_data(claim_id, claim, []))
        return envelope(self._claim_data(claim_id, claim, errors), status=206 if errors else 200)

    def _claim(self, raw_id):
        try:
            claim_id = int(raw_id)
        except (TypeError, ValueError):
            return None, None
        return claim_id, self.claims.get(claim_id)

    def attachfile(self, request):
        # S1 EcologicApi.attachFile: ?ClaimId&filename&fileextension&documentType, {"FileContent": base64}
        claim_id, claim = self._claim(_query(request, "ClaimId"))
        if not claim:
            return refused("Demande inconnue")
        kind = _query(request, "documentType")
        try:
            payload = request.json()
            content = base64.b64decode(payload["FileContent"], validate=True)
        except (ValueError, TypeError, KeyError, binascii.Error):
            return refused("FileContent : base64 attendu", status=400)
        if kind not in DOCUMENT_TYPES or not _query(request, "fileName") or not content:
            return refused("documentType, fileName et un fichier sont obligatoires", status=400)
        claim["attach_calls"] += 1
        claim["files"][f"{_query(request, 'fileName')}.{_query(request, 'fileExtension')}"] = (kind, content)
        return envelope(self._claim_data(claim_id, claim, []))

    def submitclaim(self, request):
        # S1 SendEcologicInvoices.submitClaimErrors: ResponseData.IsValid false = not
        # submitted, the reasons read with GetClaimStatus
        claim_id, claim = self._claim(_query(request, "ClaimId"))
        if not claim:
            return refused("Demande inconnue")
        if claim["errors"] or self._missing_files(claim):
            return envelope(self._claim_data(claim_id, claim, []) | {"IsValid": False})
        if claim["status"] not in FINAL_STATUSES:
            claim.update(status="WAITING", comment=None)
        return envelope(self._claim_data(claim_id, claim, []))

    def getclaimstatus(self, request):
        claim_id, claim = self._claim(_query(request, "claimId"))
        if not claim:
            return refused("Demande inconnue")
        errors = claim["errors"] + self._missing_files(claim) if claim["status"] is None else []
        return envelope(self._claim_data(claim_id, claim, errors))

    def set_status(self, claim_id, status, comment=None):
        """The eco-organism's decision: a v2 code (``CLOSEDACCEPTED``) or a v1 word (``Clôturée``)."""
        self.claims[int(claim_id)].update(status=status, comment=comment)

    def claim(self, external_id):
        return self.claims[int(external_id)]


def serve(*args):
    """A stand-alone emulator, for benchmarks."""
    serve_until_stopped(EcologicEmulator())
