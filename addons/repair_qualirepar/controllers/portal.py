from odoo import _, http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class RepairPortal(CustomerPortal):
    """The customer follows their repairs: status, device, bonus, documents."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "repair_count" in counters:
            Repair = request.env["repair.order"]
            values["repair_count"] = Repair.search_count([]) if Repair.has_access("read") else 0
        return values

    @http.route(["/my/repairs", "/my/repairs/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_repairs(self, page=1, **kw):
        Repair = request.env["repair.order"]
        count = Repair.search_count([])
        pager = portal_pager(url="/my/repairs", total=count, page=page, step=self._items_per_page)
        # searched with the customer's rights, shown with the shop's (products, states)
        repairs = Repair.search([], order="create_date desc", limit=self._items_per_page, offset=pager["offset"]).sudo()
        values = self._prepare_portal_layout_values()
        values.update(repairs=repairs, pager=pager, page_name="repair", default_url="/my/repairs")
        return request.render("repair_qualirepar.portal_my_repairs", values)

    @http.route(["/my/repairs/<int:repair_id>"], type="http", auth="public", website=True)
    def portal_my_repair(self, repair_id, access_token=None, report_type=None, download=False, **kw):
        try:
            repair_sudo = self._document_check_access("repair.order", repair_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        if report_type in ("html", "pdf", "text"):
            return self._show_report(
                model=repair_sudo,
                report_type=report_type,
                report_ref="repair_qualirepar.action_report_repair_voucher",
                download=download,
            )
        values = self._get_page_view_values(
            repair_sudo, access_token, {"repair": repair_sudo, "page_name": "repair"}, "my_repairs_history", False
        )
        values["documents"] = repair_sudo._portal_documents()
        values["status_html"], values["status_signature"] = repair_sudo._portal_status()
        values["status_url"] = f"/my/repairs/{repair_sudo.id}/status" + (
            f"?access_token={access_token}" if access_token else ""
        )
        values["refresh_seconds"] = max(
            int(request.env["ir.config_parameter"].sudo().get_param("repair_qualirepar.portal_refresh_seconds", 30)),
            1,
        )
        values["title"] = _("Repair %s", repair_sudo.name)
        return request.render("repair_qualirepar.portal_repair_page", values)

    @http.route(
        ["/my/repairs/<int:repair_id>/status"], type="http", auth="public", methods=["GET"], website=True, sitemap=False
    )
    def portal_repair_status(self, repair_id, access_token=None, **kw):
        """The status block of the repair page, polled by the page to stay live."""
        try:
            repair_sudo = self._document_check_access("repair.order", repair_id, access_token)
        except (AccessError, MissingError):
            return request.not_found()
        html, signature = repair_sudo._portal_status()
        return request.make_json_response({"state": repair_sudo.state, "signature": signature, "html": str(html)})
