"""Ecosystem's repairer API (see readme/CONTEXT.md): login for a bearer token,
refreshed when it expires; catalogue and repair places; claims created, their
files uploaded to pre-signed addresses, then confirmed."""

import threading
import time

import requests

from odoo.addons.eco_bonus_claim.services.client import EcoClient, EcoClientError, EcoTransientError

from .catalog import day, fiche

FILE_TYPES = {
    "invoice": "invoice",
    "nameplate": "serial_tag",
    "device_photo": "device_picture",
    "customer_validation": "certificate_client",
}


class EcosystemClient(EcoClient):
    STATUS_MAP = {
        "DRAFT": "pending",
        "SUBMITTED": "sent",
        "IN_PROGRESS": "sent",
        "ACCEPTED": "accepted",
        "REFUSED": "refused",
        "PAID": "paid",
    }
    token_margin = 30  # seconds: a token this close to expiry is renewed first

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._token = None
        self._token_expiry = 0.0
        self._token_lock = threading.Lock()

    # -- authentication -------------------------------------------------------------
    def _headers(self):
        headers = super()._headers()
        if self._token:
            headers["Authorization"] = f"Bearer {self._token}"
        return headers

    def _login(self):
        self._token = None
        answer = super()._request("POST", "/login", json={"username": self.login, "password": self.secret})
        self._token = answer.get("IdToken")
        if not self._token:
            raise EcoTransientError("the service gave no token")
        self._token_expiry = time.monotonic() + int(answer.get("ExpiresIn") or 3600)
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
        products = self._request(
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
        if isinstance(products, dict):
            products = products.get("Products") or products.get("products") or []
        brands, product_types = {}, []
        for product in products:
            for brand in product.get("Brands") or []:
                brands[str(brand["BrandID"])] = {
                    "external_id": str(brand["BrandID"]),
                    "name": brand["BrandName"],
                    "organism": "ecosystem" if brand.get("isEcosystemBrand") else "ecologic",
                }
            product_types.append(
                {
                    "external_id": str(product["ProductID"]),
                    "name": product["ProductName"],
                    "fiche": fiche(product.get("ProductSheet")),
                    "eligible_from": day(product.get("ProductEligibleFrom")),
                    "eligible_until": day(product.get("ProductEligibleUntil")),
                    "brands": [str(brand["BrandID"]) for brand in product.get("Brands") or []],
                    "repair_codes": [
                        (code["Code"], code.get("Description") or code["Code"])
                        for code in product.get("RepairCode") or []
                    ],
                    "amounts": [
                        ("bonus", day(a.get("AmountValidFrom")), day(a.get("AmountValidUntil")), float(a["Amount"]))
                        for a in product.get("Amounts") or []
                    ]
                    + [
                        (
                            "threshold",
                            day(t.get("AmountValidFrom")),
                            day(t.get("AmountValidTo")),
                            float(t["MinimumAmount"]),
                        )
                        for t in product.get("Threshold") or []
                    ],
                }
            )
        partner = self._request(
            "GET", "/partners", params={"subcontractor": "false", "repair-places": "true", "business-sheets": "true"}
        )
        if isinstance(partner, list):
            partner = partner[0] if partner else {}
        return {
            "product_types": product_types,
            "brands": list(brands.values()),
            "repair_sites": [
                {"external_id": str(place["RepairPlaceID"]), "name": place.get("Name") or str(place["RepairPlaceID"])}
                for place in partner.get("RepairPlaces") or []
            ],
            "repairer_id": partner.get("RepairerID"),
        }

    # -- claims -------------------------------------------------------------------------
    def submit_claim(self, payload, attachments, progress=None):
        claim_id = payload.get("external_id")
        if not claim_id:
            answer = self._request("POST", "/reimbursement-claims/new_claim", json=self._claim_body(payload))
            claim_id = answer.get("ReimbursementClaimID") if isinstance(answer, dict) else None
            if not claim_id:
                raise EcoTransientError("the service answered without the claim's id", maybe_received=True)
            if progress:
                progress(claim_id)
        try:
            for name, mimetype, content, kind in attachments:
                slot = self._request(
                    "POST",
                    f"/reimbursement-claims/{claim_id}/upload-file",
                    json={
                        "FileName": name,
                        "FileType": FILE_TYPES.get(kind, kind),
                        "FileSizeInMB": round(len(content) / 1024 / 1024, 3),
                    },
                )
                self._upload(slot["url"], content, mimetype)
            answer = self._request("POST", f"/reimbursement-claims/{claim_id}/confirm-claim")
        except EcoClientError as error:
            error.external_id = claim_id
            raise
        return claim_id, answer.get("RequestStatus") or "SUBMITTED"

    def find_claim(self, payload):
        """A claim an earlier attempt created but whose answer was lost. No public
        client filters the list (refs: S1 lists ``{"Items": [...], "Count"}`` and
        filters locally): the shop's invoice number it was sent with finds it."""
        found = self._request("GET", "/reimbursement-claims")
        if isinstance(found, dict):
            found = found.get("Items")
        if not isinstance(found, list):
            raise EcoTransientError("the claim list answered without items", maybe_received=True)
        for item in found:
            if isinstance(item, dict) and item.get("PurchaseOrderByCustomer") == payload["reference"]:
                return item.get("ReimbursementClaimID"), item.get("RequestStatus") or "DRAFT"
        return None

    def _upload(self, url, content, mimetype):
        # a pre-signed address: it carries its own authorisation
        try:
            response = self.session.put(url, data=content, headers={"Content-Type": mimetype}, timeout=self.timeout)
        except requests.RequestException as error:
            raise EcoTransientError("the file could not be uploaded") from error
        if response.status_code >= 400:
            raise EcoTransientError(
                f"the file upload answered HTTP {response.status_code}", status_code=response.status_code
            )

    @staticmethod
    def _claim_body(payload):
        customer, device, amounts = payload["customer"], payload["device"], payload["amounts"]
        return {
            "RepairDate": payload["repair_date"],
            "PurchaseOrderByCustomer": payload["reference"],
            "RepairPlaceID": payload.get("repair_site_id"),
            "RepairerId": payload.get("repairer_id"),
            "Product": {
                "ProductID": device["product_type_id"],
                "BrandID": device.get("brand_id") or "0000",
                "ProductIdentificationNumber": device.get("serial_number"),
                "RepairTypeCode": device.get("repair_code"),
                "IrisCode": device.get("iris_code"),
                "CommercialReference": device.get("commercial_ref"),
            },
            "SpareParts": {
                "NewSparePartsAmount": amounts.get("new_parts", 0.0),
                "SecondHandSparePartsAmount": amounts.get("used_parts", 0.0),
            },
            "Customer": {
                "Title": customer.get("title"),
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
                "SparePartsCost": amounts.get("new_parts", 0.0) + amounts.get("used_parts", 0.0),
                "TotalAmountInclVAT": payload["repair_amount"],
                "AmountCovered": payload["bonus_amount"],
            },
        }

    def get_claim_status(self, external_id):
        answer = self._request("GET", f"/reimbursement-claims/{external_id}")
        return answer["RequestStatus"], answer.get("RefusalReason"), answer.get("AmountPaid") or 0.0
