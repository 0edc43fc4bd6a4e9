"""Ecologic's "API GesCo Fonds Réparations EEE" (see readme/CONTEXT.md): an
``api_key`` header; create and update calls answer HTTP 206 with the missing
fields when a claim is incomplete; a claim is created, its files attached, then
submitted."""

import base64
import os

from odoo.addons.eco_bonus_claim.services.client import (
    EcoClient,
    EcoClientError,
    EcoRejectedError,
    EcoTransientError,
)

from .catalog import fiche

DOCUMENT_TYPES = {
    "invoice": "INVOICE",
    "nameplate": "NAMEPLATE",
    "device_photo": "PRODUCTPICTURE",
    "customer_validation": "CONSUMERVALIDATION",
}


class EcologicClient(EcoClient):
    STATUS_MAP = {
        "WAITING": "sent",
        "VALID": "sent",
        "ARBITRATION": "sent",
        "ACCEPTED": "accepted",
        "NOTVALID": "refused",
        "NOTCONFORM": "refused",
        "REFUSED": "refused",
        "CANCELLED": "refused",
        "CLOSEDACCEPTED": "paid",
    }

    def _headers(self):
        headers = super()._headers()
        headers["api_key"] = self.secret or ""
        return headers

    def _check_answer(self, status, body):
        data = body.get("ResponseData") if isinstance(body, dict) else None
        errors = (data or {}).get("ValidationErrors") if isinstance(data, dict) else None
        if status == 206 or errors:
            # incomplete: the fields the eco-organism still needs
            raise EcoRejectedError(
                "; ".join(f"{e.get('Field')}: {e.get('ErrorMessage')}" for e in errors or []) or "incomplete claim",
                external_id=(data or {}).get("ClaimId") if isinstance(data, dict) else None,
                status_code=status,
            )
        if isinstance(body, dict) and body.get("IsValid") is False:
            raise EcoRejectedError(body.get("ResponseErrorMessage") or body.get("ResponseMessage") or "refused")
        return data if data is not None else body

    def _call(self, method, endpoint, params=None, json=None):
        return self._request(method, f"/{endpoint}", params=params, json=json)

    # -- reference data ---------------------------------------------------------------
    def fetch_catalog(self):
        product_types = self._call("GET", "printproducttypewithlabellist") or []
        brands = self._call("GET", "printbrandlist") or []
        sites = self._call("GET", "getrepairsitesbyats") or []
        return {
            "product_types": [
                {
                    "external_id": str(p["ProductId"]),
                    "name": p["ProductName"],
                    "fiche": fiche(p.get("Label") or p.get("LabelId")),
                    "eligible_from": None,
                    "eligible_until": None,
                    "brands": [],
                    "repair_codes": [],
                    "amounts": [],
                }
                for p in product_types
            ],
            "brands": [{"external_id": str(b["BrandId"]), "name": b["BrandName"], "organism": None} for b in brands],
            "repair_sites": [
                {"external_id": str(s["RepairSiteId"]), "name": s.get("Name") or str(s["RepairSiteId"])} for s in sites
            ],
            "repairer_id": None,
        }

    def compute_bonus(self, total_incl, brand_id, product_id, repair_code, currency="EUR"):
        answer = self._call(
            "GET",
            "calculateecosupport",
            params={
                "totalAmountInclVAT": total_incl,
                "totalAmountInclVATCurrency": currency,
                "brandId": brand_id,
                "productId": product_id,
                "repairCode": repair_code,
            },
        )
        return float((answer or {}).get("SupportAmount", {}).get("Amount") or 0.0)

    # -- claims -------------------------------------------------------------------------
    def submit_claim(self, payload, attachments, progress=None):
        # no call finds a claim by the shop's numbers (refs: getclaimstatus needs the
        # ClaimId): after a lost answer the engine's default ``find_claim`` sends the
        # claim to a person instead of creating it again
        claim_id = payload.get("external_id")
        if not claim_id:
            answer = self._call(
                "POST",
                "createclaim",
                params={
                    "RepairEndDate": payload["repair_date"],
                    "RepairSiteId": payload.get("repair_site_id"),
                    "ConsumerInvoiceNumber": payload.get("invoice_number") or payload["reference"],
                    "QuoteNumber": payload.get("quote_number") or payload["reference"],
                },
                json=self._claim_body(payload),
            )
            claim_id = answer.get("ClaimId") if isinstance(answer, dict) else None
            if not claim_id:
                raise EcoTransientError("the service answered without the claim's id", maybe_received=True)
            if progress:
                progress(claim_id)
        try:
            for name, _mimetype, content, kind in attachments:
                stem, extension = os.path.splitext(name)
                self._call(
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
            answer = self._call("POST", "submitclaim", params={"ClaimId": claim_id})
        except EcoClientError as error:
            error.external_id = claim_id
            raise
        return claim_id, (answer or {}).get("LastStatus") or "WAITING"

    @staticmethod
    def _claim_body(payload):
        customer, device, amounts = payload["customer"], payload["device"], payload["amounts"]
        currency = payload.get("currency") or "EUR"

        def money(value):
            return {"Amount": value or 0.0, "Currency": currency}

        return {
            "Consumer": {
                "Title": customer.get("title"),
                "LastName": customer.get("last_name"),
                "FirstName": customer.get("first_name"),
                "StreetNumber": customer.get("street_number"),
                "Address1": customer.get("street"),
                "Address2": customer.get("street2"),
                "Address3": None,
                "Zip": customer.get("zip"),
                "City": customer.get("city"),
                "Country": customer.get("country"),
                "Phone": customer.get("phone"),
                "Email": customer.get("email"),
            },
            "Product": {
                "ProductId": device["product_type_id"],
                "BrandId": device.get("brand_id"),
                "CommercialRef": device.get("commercial_ref"),
                "SerialNumber": device.get("serial_number"),
                "PurchaseDate": device.get("purchase_date"),
                "IRISCondition": device.get("iris_condition"),
                "IRISSymptom": device.get("iris_symptom"),
                "IRISSection": device.get("iris_section"),
                "IRISDefault": device.get("iris_default"),
                "IRISRepair": device.get("repair_code"),
                "FailureDescription": device.get("failure_description"),
                "DefectCode": device.get("defect_code"),
            },
            "Quote": {
                "LaborCost": money(amounts.get("labor")),
                "SparePartsCost": money(amounts.get("new_parts", 0.0) + amounts.get("used_parts", 0.0)),
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

    def get_claim_status(self, external_id):
        answer = self._call("GET", "getclaimstatus", params={"claimId": external_id}) or {}
        return answer.get("LastStatus"), answer.get("Comment"), float(answer.get("PaidAmount") or 0.0)
