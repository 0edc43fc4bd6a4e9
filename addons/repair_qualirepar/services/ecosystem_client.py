"""Ecosystem's repairer API (see readme/CONTEXT.md), as public clients that ran
against the production API speak it (S1 ``jhujube/Qualirepar``, S4
``Neo52000/reparateur-conseil-francais-pro``): login for a bearer token renewed on
expiry or 401; ``{"total", "results"}`` catalogue; ``{"Items"}`` repairer; claims
created, their files uploaded once to pre-signed addresses, then confirmed;
``{"Items", "Count"}`` follow-up with French status labels; errors
``{"error": {...}}`` looked for in every body, whatever the HTTP status."""

import logging
import threading
import time
import unicodedata
from datetime import date

import requests

from odoo.tools.translate import LazyTranslate

from odoo.addons.eco_bonus_claim.services.client import (
    EcoClient,
    EcoClientError,
    EcoRejectedError,
    EcoTransientError,
)

from .catalog import fiche

_lt = LazyTranslate(__name__)
_logger = logging.getLogger(__name__)

# kind of evidence → FileType (S1 FileInfos; S4 QualiReparV3UploadRequest)
FILE_TYPES = {
    "invoice": "invoice",
    "nameplate": "serial_tag",
    "device_photo": "device_picture",
    "customer_validation": "claim_request",
}
# S4 QualiReparV3Status
CREATING = "En cours de création"
SENT = "Envoyé, en cours vérification"
APPROVED = "Approuvé, en cours rembourst"
PAID = "Remboursement effectué"
REJECTED = "Rejeté"
CANCELLED = "Annulé"
UNLISTED_BRAND = "0000"  # S1, S4: with the brand as typed in PartnerProduct
HOME_REPAIR_PLACE = "2000000"  # S4: RepairPlaceID of a home repair


def _fold(text):
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return " ".join(text.lower().split())


def canonical_status(label):
    """The label as S4 spells it, however the service accents or abbreviates it
    ("Approuvé, en cours rembourst"); an unknown label is kept as it came."""
    key = _fold(label)
    for prefix, status in (
        ("en cours de creation", CREATING),
        ("envoye", SENT),
        ("approuve", APPROVED),
        ("remboursement effectue", PAID),
        ("rejete", REJECTED),
        ("annule", CANCELLED),
    ):
        if key.startswith(prefix):
            return status
    return label


def _day(value, required=False):
    """``2024-01-01T00:00:00`` or ``2024-01-01`` → ``2024-01-01``; anything else
    makes the answer malformed (ValueError)."""
    if not value:
        if required:
            raise ValueError("a date is missing")
        return None
    return date.fromisoformat(str(value)[:10]).isoformat()


def _amount(value):
    # S1 types the catalogue's amounts as strings, the v3 documentation as numbers
    if isinstance(value, bool) or value in (None, ""):
        raise ValueError("an amount is missing")
    return float(str(value).replace(",", ".")) if isinstance(value, str) else float(value)


def _text(value):
    if value is None or isinstance(value, (dict, list)) or not str(value).strip():
        raise ValueError("an id or a name is missing")
    return str(value).strip()


def _title(title):
    """Odoo's partner title → the civility S1 sends ("M." or "Mme")."""
    key = _fold(title).rstrip(".")
    if key in ("m", "mr", "mister", "monsieur", "sir"):
        return "M."
    if key in ("mme", "mrs", "ms", "madam", "madame", "miss", "mlle", "mademoiselle"):
        return "Mme"
    return None


def _compact(value):
    """The body without empty keys: S1's JSON library leaves them out, and the API
    refuses a ``null``."""
    if isinstance(value, dict):
        items = ((key, _compact(item)) for key, item in value.items())
        # Odoo's empty fields come as False
        return {key: item for key, item in items if item is not None and item is not False and item not in ("", {}, [])}
    return value


class EcosystemClient(EcoClient):
    STATUS_MAP = {
        CREATING: "pending",
        SENT: "sent",
        APPROVED: "accepted",
        PAID: "paid",
        REJECTED: "refused",
        # the claim is no longer paid: a person looks at it, as for a refusal
        CANCELLED: "refused",
    }
    token_margin = 30  # seconds: a token this close to expiry is renewed first

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._token = None
        self._token_expiry = 0.0
        self._token_lock = threading.Lock()

    # -- transport ----------------------------------------------------------------------
    def _headers(self):
        headers = super()._headers()
        if self._token:
            headers["Authorization"] = f"Bearer {self._token}"
        return headers

    def _check_answer(self, status, body):
        """S1 looks for ``{"error": {code, status, message}}`` in every answer: the
        service reports some refusals with a success status."""
        if isinstance(body, dict) and body.get("error"):
            error = body["error"] if isinstance(body["error"], dict) else {"message": body["error"]}
            try:
                code = int(error.get("code") or status)
            except (TypeError, ValueError):
                code = status
            message = self._error_text(error)
            if code == 401:
                raise EcoTransientError(f"the service refused the credentials ({message})", status_code=401)
            if code in (408, 425, 429) or code >= 500:
                raise EcoTransientError(f"the service answered {message}", status_code=code)
            raise EcoRejectedError(message, status_code=max(code, 400))
        return body

    @staticmethod
    def _error_text(error):
        details = " ".join(str(error[key]) for key in ("code", "status") if error.get(key) not in (None, ""))
        message = str(error.get("message") or "").strip() or "error"
        return f"{message} ({details})" if details else message

    def _rejection_reason(self, body):
        if isinstance(body, dict) and isinstance(body.get("error"), dict):
            return self._error_text(body["error"])
        return super()._rejection_reason(body)

    # -- authentication -------------------------------------------------------------
    def _login(self):
        self._token = None
        answer = super()._request("POST", "/login", json={"username": self.login, "password": self.secret})
        answer = answer if isinstance(answer, dict) else {}
        # S1 reads IdToken, the v3 documentation (S4) names it AccessToken
        self._token = answer.get("IdToken") or answer.get("AccessToken")
        if not self._token or not isinstance(self._token, str):
            self._token = None
            raise EcoTransientError("the service gave no token")
        try:
            # a string of seconds in S1, a number in S4
            lifetime = float(answer.get("ExpiresIn"))
        except (TypeError, ValueError):
            lifetime = 3600.0
        self._token_expiry = time.monotonic() + lifetime
        return answer

    def _ensure_token(self, renew=False):
        with self._token_lock:
            if renew or not self._token or time.monotonic() > self._token_expiry - self.token_margin:
                self._login()

    def _request(self, method, path, **kwargs):
        self._ensure_token()
        try:
            return super()._request(method, path, **kwargs)
        except EcoTransientError as error:
            if error.status_code != 401:
                raise
        # the token expired early: once more with a new one
        self._ensure_token(renew=True)
        return super()._request(method, path, **kwargs)

    # -- catalogue --------------------------------------------------------------------
    def fetch_catalog(self):
        """The catalogue and the repairer. An answer without products, or with a
        product that cannot be read, raises: the catalogue in Odoo stays as it was."""
        answer = self._request(
            "GET",
            "/catalog",
            params={
                "brands": "true",
                "repair-codes": "true",
                "reimbursement-amounts": "true",
                "product-sheets": "true",
                "threshold": "true",
                "ecologic": "true",
            },
        )
        products = answer.get("results") if isinstance(answer, dict) else None
        if not isinstance(products, list):
            raise EcoTransientError(
                _lt("Ecosystem's catalogue came in an unknown shape (no list of results): nothing was changed.")
            )
        if not products:
            raise EcoTransientError(_lt("Ecosystem's catalogue came back empty: nothing was changed or archived."))
        brands, product_types = {}, []
        for number, product in enumerate(products, start=1):
            try:
                product_types.append(self._read_product(product, brands))
            except (AttributeError, KeyError, TypeError, ValueError) as error:
                raise EcoTransientError(
                    _lt(
                        "Ecosystem's catalogue cannot be read (product %(number)s: %(error)s): nothing was changed.",
                        number=number,
                        error=error,
                    )
                ) from error
        partner = self.fetch_repairer()
        return {
            "product_types": product_types,
            "brands": list(brands.values()),
            "repair_sites": [
                {
                    "external_id": str(place["RepairPlaceID"]),
                    "name": " - ".join(
                        filter(None, [place.get("AlternativeName") or place.get("CorporateName"), place.get("City")])
                    )
                    or str(place["RepairPlaceID"]),
                }
                for place in partner.get("RepairPlaces") or []
                if isinstance(place, dict) and place.get("RepairPlaceID")
            ],
            "repairer_id": str(partner["RepairerID"]),
        }

    @staticmethod
    def _read_product(product, brands):
        """One S1 ``Product`` in the form of ``services/catalog.py``."""
        type_brands = []
        for brand in product.get("Brands") or []:
            brand_id = _text(brand["BrandID"])
            brands[brand_id] = {
                "external_id": brand_id,
                "name": _text(brand["BrandName"]),
                "organism": "ecosystem" if brand.get("isEcosystemBrand") else "ecologic",
            }
            type_brands.append(brand_id)
        sheet = product.get("ProductSheet") or {}
        if isinstance(sheet, list):
            sheet = sheet[0] if sheet else {}
        if not isinstance(sheet, dict):
            # before the object S1 reads, a bare "fiche" label
            sheet = {"Type": sheet}
        expected, defect = _fold(sheet.get("ExpectedIdType")), _fold(sheet.get("DefectIdType"))
        return {
            "external_id": _text(product["ProductID"]),
            "name": _text(product["ProductName"]),
            "fiche": fiche(sheet.get("Type")),
            "eligible_from": _day(product.get("ProductEligibleFrom")),
            "eligible_until": _day(product.get("ProductEligibleUntil")),
            "expected_id": ("imei" if "imei" in expected else "serial") if expected else None,
            "defect_code_kind": ("iris" if "iris" in defect else "repair_code") if defect else None,
            "brands": type_brands,
            "repair_codes": [
                (_text(code["Code"]), code.get("Description") or _text(code["Code"]))
                for code in product.get("RepairCode") or []
            ],
            "amounts": [
                ("bonus", _day(a["AmountValidFrom"], True), _day(a.get("AmountValidUntil")), _amount(a["Amount"]))
                for a in product.get("Amounts") or []
            ]
            + [
                (
                    "threshold",
                    _day(t["AmountValidFrom"], True),
                    _day(t.get("AmountValidTo") or t.get("AmountValidUntil")),
                    _amount(t["MinimumAmount"]),
                )
                for t in product.get("Threshold") or []
            ],
        }

    def fetch_repairer(self):
        """S1 GetPartners: ``{"Items": [Partner]}``, the shop first."""
        answer = self._request(
            "GET", "/partners", params={"subcontractor": "false", "repair-places": "true", "business-sheets": "true"}
        )
        items = answer.get("Items") if isinstance(answer, dict) else None
        partner = items[0] if isinstance(items, list) and items else None
        if not isinstance(partner, dict) or not partner.get("RepairerID"):
            raise EcoTransientError(
                _lt("Ecosystem gave no repairer for this account (/partners): nothing was changed.")
            )
        return partner

    # -- claims -------------------------------------------------------------------------
    def submit_claim(self, payload, attachments, progress=None):
        claim_id = payload.get("external_id")
        attached = set()
        if claim_id:
            # resumed: what the service holds decides what is left to do
            details = self._claim_details(claim_id)
            status = canonical_status(details.get("RequestStatus"))
            if status != CREATING:
                return claim_id, status
            attached = {f.get("FileName") for f in details.get("AttachedFiles") or [] if isinstance(f, dict)}
        else:
            body = self._claim_body(payload)
            answer = self._request("POST", "/reimbursement-claims/new_claim", json=body)
            claim_id = answer.get("ReimbursementClaimID") if isinstance(answer, dict) else None
            if not claim_id:
                raise EcoTransientError("the service answered without the claim's id", maybe_received=True)
            claim_id = str(claim_id)
            if progress:
                progress(claim_id)
        try:
            for name, _mimetype, content, kind in attachments:
                if name in attached or kind not in FILE_TYPES:
                    continue
                slot = self._request(
                    "POST",
                    f"/reimbursement-claims/{claim_id}/upload-file",
                    json={
                        "FileName": name,
                        "FileType": FILE_TYPES[kind],
                        "FileSizeInMB": max(round(len(content) / 1024 / 1024, 3), 0.001),
                    },
                )
                url = slot.get("url") if isinstance(slot, dict) else None
                if not url:
                    raise EcoTransientError("the service gave no address for the file")
                self._upload(url, content)
            answer = self._request("POST", f"/reimbursement-claims/{claim_id}/confirm-claim")
        except EcoClientError as error:
            error.external_id = claim_id
            raise
        status = answer.get("RequestStatus") if isinstance(answer, dict) else None
        return claim_id, canonical_status(status) if status else SENT

    def find_claim(self, payload):
        """A claim an earlier attempt created but whose answer was lost. No public
        client filters the list (S1 lists ``{"Items", "Count"}`` and filters
        locally): the ``PurchaseOrderByCustomer`` it was sent with finds it."""
        found = self._request("GET", "/reimbursement-claims")
        items = found.get("Items") if isinstance(found, dict) else None
        if not isinstance(items, list):
            raise EcoTransientError("the claim list answered without items", maybe_received=True)
        reference = self._purchase_order(payload)
        for item in items:
            if isinstance(item, dict) and item.get("PurchaseOrderByCustomer") == reference:
                return str(item.get("ReimbursementClaimID")), canonical_status(item.get("RequestStatus") or CREATING)
        return None

    def delete_claim(self, external_id):
        """Only a claim still being created can be deleted (S1 offers no more)."""
        self._request("DELETE", f"/reimbursement-claims/{external_id}")

    def _claim_details(self, external_id):
        answer = self._request("GET", f"/reimbursement-claims/{external_id}")
        items = answer.get("Items") if isinstance(answer, dict) else None
        if not isinstance(items, list) or not items or not isinstance(items[0], dict):
            raise EcoTransientError("the claim answered without its details")
        return items[0]

    def get_claim_status(self, external_id):
        details = self._claim_details(external_id)
        # no paid amount is returned: the amount claimed is the amount paid
        return canonical_status(details.get("RequestStatus")), details.get("RejectReason") or None, None

    def _upload(self, url, content):
        # a pre-signed address carries its own authorisation: no bearer (S1)
        try:
            response = self.session.put(
                url, data=content, headers={"Content-Type": "application/octet-stream"}, timeout=self.timeout
            )
        except requests.RequestException as error:
            raise EcoTransientError("the file could not be uploaded") from error
        _logger.info("PUT (pre-signed upload): HTTP %s", response.status_code)
        if response.status_code >= 400:
            raise EcoTransientError(
                f"the file upload answered HTTP {response.status_code}", status_code=response.status_code
            )

    @staticmethod
    def _purchase_order(payload):
        # the invoice the shop's customer got, and the claim (one per device on it)
        invoice = payload.get("invoice_number")
        reference = payload["reference"]
        return f"{invoice} / {reference}" if invoice and invoice != reference else reference

    @classmethod
    def _claim_body(cls, payload):
        """S1 NewClaim / S4 QualiReparV3NewClaimRequest. Costs excluding VAT (S1);
        empty keys left out. A customer field the API requires and the claim lacks
        stops the claim here, saying which."""
        customer, device, amounts = payload["customer"], payload["device"], payload["amounts"]
        currency = payload.get("currency") or "EUR"

        def money(value):
            return {"amount": round(float(value), 2), "currency": currency} if value else None

        missing = [
            label
            for key, label in (
                ("last_name", _lt("the customer's last name")),
                ("first_name", _lt("the customer's first name")),
                ("email", _lt("the customer's e-mail")),
                ("phone", _lt("the customer's phone")),
                ("street", _lt("the customer's street")),
                ("zip", _lt("the customer's postal code")),
                ("city", _lt("the customer's city")),
                ("country", _lt("the customer's country")),
            )
            if not customer.get(key)
        ]
        title = _title(customer.get("title"))
        if not title:
            missing.insert(0, _lt("the customer's title (Mr or Mrs)"))
        if not payload.get("repairer_id"):
            missing.append(_lt("the repairer's Ecosystem ID (synchronise the catalogue)"))
        if missing:
            raise EcoRejectedError(_lt("Ecosystem needs %s.", ", ".join(str(label) for label in missing)))
        brand_id = device.get("brand_id") or UNLISTED_BRAND
        code_key = "IrisCode" if device.get("defect_code_kind") == "iris" else "RepairTypeCode"
        new_parts, used_parts = amounts.get("new_parts") or 0.0, amounts.get("used_parts") or 0.0
        travel = amounts.get("travel") or 0.0
        if payload.get("on_site"):
            place = payload.get("repair_site_id") or next(iter(payload.get("repair_place_ids") or []), None)
            place = place or HOME_REPAIR_PLACE
        else:
            # S1: a repair in the shop is declared at the repairer's own id
            place = payload.get("repair_site_id") or payload["repairer_id"]
        return _compact(
            {
                "RepairDate": payload["repair_date"],
                "PurchaseOrderByCustomer": cls._purchase_order(payload),
                "RepairPlaceID": place,
                "RepairerId": payload["repairer_id"],
                "Product": {
                    "ProductID": device["product_type_id"],
                    "BrandID": brand_id,
                    "PartnerProduct": device.get("brand_name") if brand_id == UNLISTED_BRAND else None,
                    "ProductIdentificationNumber": device.get("serial_number"),
                    code_key: device.get("repair_code"),
                    "CommercialReference": device.get("commercial_ref"),
                },
                "SpareParts": {
                    "NewSparePartsAmount": round(new_parts, 2),
                    "SecondHandSparePartsAmount": round(used_parts, 2),
                }
                if new_parts or used_parts
                else None,
                "Customer": {
                    "Title": title,
                    "LastName": customer.get("last_name"),
                    "FirstName": customer.get("first_name"),
                    "Email": customer.get("email"),
                    "PhoneNumber": customer.get("phone"),
                    "StreetLine1": customer.get("street"),
                    "PostalCode": customer.get("zip"),
                    "City": customer.get("city"),
                    "Country": customer.get("country"),
                },
                "Bill": {
                    "TotalAmountInclVAT": money(payload["repair_amount"]),
                    "AmountCovered": money(payload["bonus_amount"]),
                    "AmountBeforeTax": money(amounts.get("total_excl")),
                    "LaborCost": money(amounts.get("labor")),
                    "SparePartsCost": money(new_parts + used_parts),
                    "TravelExpenses": money(travel),
                },
            }
        )
