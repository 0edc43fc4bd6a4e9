from odoo import _, http
from odoo.exceptions import ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

STATUSES = ("accepted", "refused")


class ConsentPortal(CustomerPortal):
    """Customers read the texts they agree to and change their consents."""

    def _portal_consents(self):
        partner = request.env.user.partner_id
        # the customer's own consents, read and written here on their behalf
        return (
            request.env["res.partner.consent"]
            .sudo()
            .search([("partner_id", "=", partner.id), ("purpose_active", "=", True)])
            .filtered(
                lambda consent: not consent.company_id or consent.company_id in partner.company_id | request.env.company
            )
        )

    @http.route(["/my/consents"], type="http", auth="user", website=True, methods=["GET", "POST"])
    def portal_my_consents(self, **post):
        consents = self._portal_consents()
        error = saved = None
        if request.httprequest.method == "POST":
            try:
                self._save_consents(consents, post)
                saved = _("Your choices are saved.")
            except ValidationError as caught:
                request.env.cr.rollback()
                error = caught.args[0]
                consents = self._portal_consents()
        values = self._prepare_portal_layout_values()
        values.update(consents=consents, error=error, saved=saved, page_name="consents")
        return request.render("customer_loyalty.portal_my_consents", values)

    def _save_consents(self, consents, post):
        """``consent_<id>`` = accepted or refused, for the customer's own consents only."""
        for consent in consents:
            status = post.get(f"consent_{consent.id}")
            if status in STATUSES and status != consent.status:
                consent.with_context(consent_source="portal").write({"status": status})
