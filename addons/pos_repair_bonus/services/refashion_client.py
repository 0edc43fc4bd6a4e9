"""The Refashion claim contract this addon speaks (see readme/CONTEXT.md).

Refashion publishes no API: this client owns a small JSON-over-HTTPS contract with
a configurable base URL, so that the real one replaces it in this file only.
"""

import base64

from odoo.addons.eco_bonus_claim.services.client import EcoClient, EcoTransientError


class RefashionClient(EcoClient):
    STATUS_MAP = {
        "submitted": "sent",
        "accepted": "accepted",
        "refused": "refused",
        "paid": "paid",
    }

    def _headers(self):
        headers = super()._headers()
        headers["Authorization"] = f"Bearer {self.secret or ''}"
        headers["X-Refashion-Account"] = self.login or ""
        return headers

    def submit_claim(self, payload, attachments, progress=None):
        body = dict(
            payload,
            attachments=[
                {
                    "file_name": name,
                    "mimetype": mimetype,
                    "kind": kind,
                    "content": base64.b64encode(content).decode(),
                }
                for name, mimetype, content, kind in attachments
            ],
        )
        answer = self._request("POST", "/claims", json=body)
        # an answer without the claim's id (``{}``) is no proof either way: the engine
        # looks the claim up by its reference before sending it again
        return (answer.get("id") if isinstance(answer, dict) else None), self._status(answer, "submitted")

    def find_claim(self, payload):
        answer = self._request("GET", "/claims", params={"reference": payload["reference"]})
        items = answer.get("items") if isinstance(answer, dict) else None
        if not isinstance(items, list):
            raise EcoTransientError("the claim lookup answered without a list", maybe_received=True)
        for item in items:
            if isinstance(item, dict) and item.get("reference") == payload["reference"] and item.get("id"):
                return item["id"], self._status(item, "submitted")
        return None

    def get_claim_status(self, external_id):
        answer = self._request("GET", f"/claims/{external_id}")
        if not isinstance(answer, dict) or answer.get("status") not in self.STATUS_MAP:
            raise EcoTransientError("the status answer is not one of the contract's")
        return answer["status"], answer.get("reason"), float(answer.get("paid_amount") or 0.0)

    @staticmethod
    def _status(answer, default):
        status = answer.get("status") if isinstance(answer, dict) else None
        return status if isinstance(status, str) and status else default
