"""The Refashion claim contract this addon speaks (see readme/CONTEXT.md).

Refashion publishes no API: this client owns a small JSON-over-HTTPS contract with
a configurable base URL, so that the real one replaces it in this file only.
"""

import base64

from odoo.addons.eco_bonus_claim.services.client import EcoClient


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

    def submit_claim(self, payload, attachments):
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
        return answer["id"], answer.get("status", "submitted")

    def get_claim_status(self, external_id):
        answer = self._request("GET", f"/claims/{external_id}")
        return answer["status"], answer.get("reason"), answer.get("paid_amount") or 0.0
