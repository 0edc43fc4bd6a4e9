"""Ecologic's "API GesCo Fonds Réparations EEE" v1 (readme/CONTEXT.md), as the public
clients that ran against production speak it (S1 ``jhujube/Qualirepar``, S2
``RamiBenSlimene/QualiRepar``; the shapes are cited in ``tests/ecologic_emulator.py``).

Every answer is the envelope ``{ResponseData, ResponseStatus, IsValid, ResponseMessage,
ResponseErrorMessage}``, refusals included, whatever the HTTP status. A claim is created
(HTTP 206 listing what is missing: the attachments always are), its files attached
once each, then submitted; a submit whose ``ResponseData.IsValid`` is false was not
submitted, and ``getclaimstatus`` says why. A claim the service already holds is
corrected with ``updateclaim`` and the full body."""

import base64
import hashlib
import os
import re
import unicodedata

from odoo.addons.eco_bonus_claim.services.client import (
    EcoClient,
    EcoClientError,
    EcoRejectedError,
    EcoTransientError,
)

from .catalog import day

DOCUMENT_TYPES = {
    "invoice": "INVOICE",
    "nameplate": "NAMEPLATE",
    "device_photo": "PRODUCTPICTURE",
    "customer_validation": "CONSUMERVALIDATION",
}
# Consumer.Title (S1 SendEcologicInvoices/EcologicApi.convertGender, S2 claim-request.ts):
# 1 Mlle, 2 Madame, 3 Monsieur, 4 Société; S1 sends 3 when it does not know
TITLES = {
    "mlle": 1,
    "mademoiselle": 1,
    "miss": 1,
    "mme": 2,
    "madame": 2,
    "madam": 2,
    "mrs": 2,
    "ms": 2,
    "m": 3,
    "mr": 3,
    "monsieur": 3,
    "mister": 3,
}
COMPANY_TITLE, DEFAULT_TITLE = 4, 3
# Consumer.Country: the ISO 3166 numeric code in S1 (250), a string in S2 (disputed):
# France is sent as S1 does, any other country by its ISO code
NUMERIC_COUNTRIES = {"FR": 250}
# S1 SendEcologicInvoices.filterFilesErrors: the error every new claim carries until
# its files are attached
ATTACHMENTS_MISSING = "pièces jointes"
# the calculateecosupport total S2 asks with to read a product type's bonus
REFERENCE_TOTAL = 1000


def _key(text):
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^A-Za-z0-9]+", " ", text).upper().split())


class StatusMap(dict):
    """``LastStatus`` → claim state, for both vocabularies (disputed): S2's v2 codes
    (``WAITING`` … ``CLOSEDACCEPTED``) and S1's v1 French words (``Clôturée``), read
    without regard to case or accents."""

    def __init__(self, statuses):
        super().__init__({_key(status): state for status, state in statuses.items()})

    def get(self, key, default=None):
        return super().get(_key(key), default)

    def __getitem__(self, key):
        return super().__getitem__(_key(key))

    def __contains__(self, key):
        return super().__contains__(_key(key))


def _empty(value):
    # Odoo's False for an empty field is no value either
    return value is None or value is False or value in ("", [], {})


def _clean(value):
    """No ``null`` and no empty keys (S1's Gson leaves them out)."""
    if isinstance(value, dict):
        cleaned = {k: _clean(v) for k, v in value.items()}
        return {k: v for k, v in cleaned.items() if not _empty(v)}
    if isinstance(value, list):
        return [_clean(v) for v in value if not _empty(v)]
    return value


def _street(street):
    """``"12 bis rue des Lilas"`` → ``("12 bis", "rue des Lilas")``."""
    match = re.match(r"\s*(\d+\s*(?:bis|ter|quater|[a-z](?![a-z]))?)[\s,]+(.+)", street or "", re.IGNORECASE)
    return (match.group(1).strip(), match.group(2).strip()) if match else (None, street or None)


def file_key(name, kind, content):
    """What identifies a file sent to a claim: a changed file is sent again, the same one never."""
    return f"{kind}:{name}:{hashlib.sha256(content).hexdigest()[:16]}"


class EcologicCatalogError(EcoRejectedError):
    """The reference lists came back empty or in another shape: nothing is synchronised."""


class EcologicClient(EcoClient):
    STATUS_MAP = StatusMap(
        {
            # S2 src/app/enums/labelStatus.ts (v2 codes)
            "WAITING": "sent",
            "VALID": "sent",
            "ARBITRATION": "sent",
            "ACCEPTED": "accepted",
            "NOTVALID": "refused",
            "NOTCONFORM": "refused",
            "REFUSED": "refused",
            "CANCELLED": "refused",
            "CLOSEDACCEPTED": "paid",
            # v1 French words (S1 tests "Clôturée", the closed and paid claim)
            "En attente": "sent",
            "En cours": "sent",
            "Soumise": "sent",
            "Transmise": "sent",
            "En arbitrage": "sent",
            "Validée": "accepted",
            "Acceptée": "accepted",
            "Non valide": "refused",
            "Non conforme": "refused",
            "Refusée": "refused",
            "Annulée": "refused",
            "Clôturée": "paid",
            "Payée": "paid",
        }
    )

    def _headers(self):
        headers = super()._headers()
        headers["api_key"] = self.secret or ""
        return headers

    def _check_answer(self, status, body):
        if not isinstance(body, dict) or not ({"ResponseData", "IsValid"} & set(body)):
            raise EcoTransientError(
                f"the service answered HTTP {status} outside its envelope", status_code=status, maybe_received=True
            )
        return status, body

    def _rejection_reason(self, body):
        if isinstance(body, dict) and ("ResponseErrorMessage" in body or "ResponseMessage" in body):
            return body.get("ResponseErrorMessage") or body.get("ResponseMessage")
        return super()._rejection_reason(body)

    def _call(self, method, endpoint, params=None, json=None):
        return self._request(method, f"/{endpoint}", params=params, json=json)

    @staticmethod
    def _refusal(status, answer, external_id=None):
        """An error in a 2xx body (``IsValid`` false)."""
        message = answer.get("ResponseErrorMessage") or answer.get("ResponseMessage") or "refused"
        return EcoRejectedError(message, external_id=external_id, status_code=status)

    def _data(self, endpoint, params=None):
        status, answer = self._call("GET", endpoint, params=params)
        if answer.get("IsValid") is False:
            raise self._refusal(status, answer)
        return answer.get("ResponseData")

    # -- reference data -----------------------------------------------------------------
    def _reference_list(self, endpoint, required):
        """A reference list (S1 ResponseEcologic*List): an empty one, or one whose items
        lack their ids, is an error, so that nothing of the catalogue is archived."""
        items = self._data(endpoint)
        if not isinstance(items, list) or not items:
            raise EcologicCatalogError(f"{endpoint} answered no entries")
        for item in items:
            if not isinstance(item, dict) or any(item.get(field) in (None, "") for field in required):
                raise EcologicCatalogError(f"{endpoint} answered an entry without {', '.join(required)}")
        return items

    @staticmethod
    def _codes(product, field):
        codes = product.get(field) or []
        if not isinstance(codes, list) or any(not isinstance(c, dict) or not c.get("Code") for c in codes):
            raise EcologicCatalogError(f"{field} of {product['ProductId']} is not a list of {{Code, Label}}")
        return [(str(c["Code"]), c.get("Label") or str(c["Code"])) for c in codes]

    def fetch_catalog(self):
        # S1 pojo/LabeledProductType.java, BrandEcologic.java, RepairSite.java
        products = self._reference_list("printproducttypewithlabellist", ("ProductId", "ProductName"))
        brands = self._reference_list("printbrandlist", ("BrandId", "BrandName"))
        sites = self._reference_list("getrepairsitesbyats", ("SiteId",))
        product_types = []
        for product in products:
            repair_codes = self._codes(product, "RepairCodes")
            product_types.append(
                {
                    "external_id": str(product["ProductId"]),
                    "name": product["ProductName"],
                    # the lists give no fiche métier (neither S1 nor S2 read one)
                    "fiche": None,
                    "eligible_from": day(product.get("EligibilityStartDate")),
                    "eligible_until": day(product.get("EligibilityEndDate")),
                    "brands": [],
                    "repair_codes": repair_codes,
                    "iris_symptoms": self._codes(product, "IRISSymtoms"),
                    "amounts": [],
                    # no grid is published: today's bonus, as S2 reads it for a product type
                    "current_bonus": self.compute_bonus(
                        REFERENCE_TOTAL,
                        str(brands[0]["BrandId"]),
                        str(product["ProductId"]),
                        repair_codes[0][0] if repair_codes else None,
                    ),
                }
            )
        return {
            "product_types": product_types,
            "brands": [{"external_id": str(b["BrandId"]), "name": b["BrandName"], "organism": None} for b in brands],
            "repair_sites": [
                {"external_id": str(s["SiteId"]), "name": s.get("CommercialName") or s.get("Name") or str(s["SiteId"])}
                for s in sites
            ],
            "repairer_id": None,
        }

    def eco_organization(self, brand_id, product_id):
        """The ``EcoOrganizationId`` covering a brand (S2 getEcoOrganization), as a string."""
        data = self._data("getecoorganization", params={"brandId": brand_id, "productId": product_id})
        value = data.get("EcoOrganizationId") if isinstance(data, dict) else None
        if value in (None, ""):
            raise EcoTransientError("getecoorganization answered no EcoOrganizationId")
        return str(value)

    def compute_bonus(self, total_incl, brand_id, product_id, repair_code, currency="EUR"):
        """The bonus Ecologic pays for this repair (calculateecosupport). S2 reads
        ``ResponseData[0].SupportAmount`` as a number; an object ``{Amount, Currency}``
        is read too (disputed)."""
        try:
            data = self._data(
                "calculateecosupport",
                params={
                    "totalAmountInclVAT": total_incl,
                    "totalAmountInclVATCurrency": currency,
                    "brandId": brand_id,
                    "productId": product_id,
                    "repairCode": repair_code,
                },
            )
        except EcoRejectedError:
            # not eligible as asked (unknown product, brand or code): no bonus
            return 0.0
        if isinstance(data, list):
            data = data[0] if data else {}
        amount = data.get("SupportAmount") if isinstance(data, dict) else data
        if isinstance(amount, dict):
            amount = amount.get("Amount")
        try:
            return float(amount or 0.0)
        except (TypeError, ValueError) as error:
            raise EcoTransientError("calculateecosupport answered no amount") from error

    # -- claims -------------------------------------------------------------------------
    @staticmethod
    def _missing(data):
        """``Field: message`` of what the claim lacks, the attachments not counted: they
        are attached next (S1 filters them out the same way)."""
        errors = (data or {}).get("ValidationErrors") or [] if isinstance(data, dict) else []
        return [
            f"{e.get('Field')}: {e.get('ErrorMessage')}"
            for e in errors
            if isinstance(e, dict) and ATTACHMENTS_MISSING not in (e.get("ErrorMessage") or "").lower()
        ]

    def _claim_answer(self, status, answer, external_id=None):
        """The ``ResponseData`` of a create or update answer (200 or 206); what is still
        missing besides the files is a refusal naming it."""
        data = answer.get("ResponseData")
        claim_id = data.get("ClaimId") if isinstance(data, dict) else None
        claim_id = str(claim_id) if claim_id not in (None, "", 0) else external_id
        if answer.get("IsValid") is False and not claim_id:
            raise self._refusal(status, answer)
        if not claim_id:
            raise EcoTransientError("the service answered without the claim's id", maybe_received=True)
        missing = self._missing(data)
        if missing or answer.get("IsValid") is False:
            raise EcoRejectedError(
                "; ".join(missing) or answer.get("ResponseErrorMessage") or "refused",
                external_id=claim_id,
                status_code=status,
            )
        return claim_id

    def _claim_query(self, payload):
        return {
            "RepairEndDate": payload["repair_date"],
            "RepairSiteId": payload.get("repair_site_id"),
            "ConsumerInvoiceNumber": payload.get("invoice_number") or payload["reference"],
            "QuoteNumber": payload.get("quote_number") or payload["reference"],
        }

    def submit_claim(self, payload, attachments, progress=None):
        def report(claim_id, **values):
            if progress:
                progress(claim_id, **values)

        claim_id = payload.get("external_id")
        body = self._claim_body(payload)
        if not claim_id:
            # no call finds a claim by the shop's numbers (getclaimstatus needs the
            # ClaimId): after a lost answer the engine's ``find_claim`` sends the claim
            # to a person instead of creating it again
            status, answer = self._call("POST", "createclaim", params=self._claim_query(payload), json=body)
            data = answer.get("ResponseData")
            created = data.get("ClaimId") if isinstance(data, dict) else None
            if created not in (None, "", 0):
                report(str(created))
            claim_id = self._claim_answer(status, answer)
        elif payload.get("update_claim"):
            # the claim as corrected in Odoo replaces the one the service holds
            params = {"ClaimId": claim_id, **self._claim_query(payload), "submit": "false"}
            status, answer = self._call("POST", "updateclaim", params=params, json=body)
            self._claim_answer(status, answer, external_id=claim_id)
        try:
            sent = set(payload.get("sent_files") or [])
            for name, _mimetype, content, kind in attachments:
                key = file_key(name, kind, content)
                if key in sent:
                    continue
                stem, extension = os.path.splitext(name)
                status, answer = self._call(
                    "POST",
                    "attachfile",
                    params={
                        "ClaimId": claim_id,
                        "fileName": stem,
                        "fileExtension": extension.lstrip(".") or "pdf",
                        "documentType": DOCUMENT_TYPES.get(kind, kind.upper()),
                    },
                    json={"FileContent": base64.b64encode(content).decode()},
                )
                if answer.get("IsValid") is False:
                    raise self._refusal(status, answer, claim_id)
                report(claim_id, sent_file=key)
            status, answer = self._call("POST", "submitclaim", params={"ClaimId": claim_id})
            if answer.get("IsValid") is False:
                raise self._refusal(status, answer, claim_id)
            data = answer.get("ResponseData") if isinstance(answer.get("ResponseData"), dict) else {}
            if data.get("IsValid") is False:
                # not submitted (S1 submitClaimErrors): the reasons are in its status
                raise EcoRejectedError(
                    "not submitted: " + (self._reasons(claim_id) or "no reason given"),
                    external_id=claim_id,
                    status_code=status,
                )
        except EcoClientError as error:
            error.external_id = claim_id
            raise
        return claim_id, data.get("LastStatus") or "WAITING"

    def _reasons(self, claim_id):
        try:
            data = self._data("getclaimstatus", params={"claimId": claim_id}) or {}
        except EcoClientError:
            return ""
        errors = data.get("ValidationErrors") or [] if isinstance(data, dict) else []
        reasons = [f"{e.get('Field')}: {e.get('ErrorMessage')}" for e in errors if isinstance(e, dict)]
        return "; ".join(reasons) or (data.get("Comment") or "")

    @staticmethod
    def _title(customer):
        if customer.get("is_company"):
            return COMPANY_TITLE
        return TITLES.get(_key(customer.get("title")).lower(), DEFAULT_TITLE)

    @staticmethod
    def _country(code):
        return NUMERIC_COUNTRIES.get((code or "FR").upper(), code)

    @classmethod
    def _claim_body(cls, payload):
        customer, device, amounts = payload["customer"], payload["device"], payload["amounts"]
        currency = payload.get("currency") or "EUR"

        def money(value):
            return {"Amount": round(value or 0.0, 2), "Currency": currency}

        number, street = _street(customer.get("street"))
        parts = (amounts.get("new_parts") or 0.0) + (amounts.get("used_parts") or 0.0)
        return _clean(
            {
                "Consumer": {
                    "Title": cls._title(customer),
                    "LastName": customer.get("last_name"),
                    "FirstName": customer.get("first_name"),
                    "StreetNumber": number,
                    "Address1": street,
                    "Address2": customer.get("street2"),
                    "Zip": customer.get("zip"),
                    "City": customer.get("city"),
                    "Country": cls._country(customer.get("country")),
                    "Phone": customer.get("phone"),
                    "Email": customer.get("email"),
                },
                "Product": {
                    "ProductId": device["product_type_id"],
                    "BrandId": device.get("brand_id"),
                    "CommercialRef": device.get("commercial_ref"),
                    "SerialNumber": device.get("serial_number"),
                    "PurchaseDate": device.get("purchase_date"),
                    # S1: the symptom from IRISSymtoms, the repair code from RepairCodes
                    "IRISSymptom": device.get("iris_symptom"),
                    "IRISSection": device.get("repair_code"),
                    "FailureDescription": device.get("failure_description"),
                },
                # S1: labour, parts and travel excluding VAT
                "Quote": {
                    "LaborCost": money(amounts.get("labor")),
                    "SparePartsCost": money(parts),
                    "TravelCost": money(amounts.get("travel")),
                    "TotalAmountExclVAT": money(amounts.get("total_excl")),
                    "TotalAmountInclVAT": money(payload["repair_amount"]),
                    "SupportAmount": money(payload["bonus_amount"]),
                },
                "SpareParts": [
                    {"Partref": part["ref"], "Quantity": part["quantity"], "Status": part["status"]}
                    for part in payload.get("spare_parts") or []
                ],
            }
        )

    def get_claim_status(self, external_id):
        data = self._data("getclaimstatus", params={"claimId": external_id}) or {}
        if not isinstance(data, dict):
            raise EcoTransientError("getclaimstatus answered no claim")
        reasons = [
            f"{e.get('Field')}: {e.get('ErrorMessage')}"
            for e in data.get("ValidationErrors") or []
            if isinstance(e, dict)
        ]
        # no paid amount is returned: the claimed amount is what is paid
        return data.get("LastStatus"), data.get("Comment") or "; ".join(reasons) or None, 0.0
