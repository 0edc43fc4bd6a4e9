from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class RmaPortal(CustomerPortal):
    """Customers follow their returns, ask for new ones from their orders, write
    to the shop and print the return slip."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "rma_count" in counters:
            Rma = request.env["sale.rma"]
            values["rma_count"] = Rma.search_count(self._rma_domain()) if Rma.has_access("read") else 0
        return values

    def _rma_domain(self):
        # drafts are the shop's own work: the customer does not see them
        return [("state", "!=", "draft")]

    @http.route(["/my/returns", "/my/returns/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_returns(self, page=1, **kw):
        Rma = request.env["sale.rma"]
        domain = self._rma_domain()
        pager = portal_pager(url="/my/returns", total=Rma.search_count(domain), page=page, step=self._items_per_page)
        rmas = Rma.search(domain, limit=self._items_per_page, offset=pager["offset"])
        values = self._prepare_portal_layout_values()
        values.update(rmas=rmas, pager=pager, page_name="rma", default_url="/my/returns")
        return request.render("sale_rma.portal_my_returns", values)

    @http.route(["/my/returns/<int:rma_id>"], type="http", auth="public", website=True)
    def portal_my_return(self, rma_id, access_token=None, report_type=None, download=False, **kw):
        try:
            rma_sudo = self._document_check_access("sale.rma", rma_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        if rma_sudo.state == "draft":
            return request.redirect("/my")
        if report_type in ("html", "pdf", "text"):
            if not rma_sudo._portal_slip_available():
                return request.redirect(rma_sudo.get_portal_url())
            return self._show_report(
                model=rma_sudo, report_type=report_type, report_ref="sale_rma.action_report_rma_slip", download=download
            )
        values = self._get_page_view_values(
            rma_sudo, access_token, {"rma": rma_sudo, "page_name": "rma"}, "my_returns_history", False
        )
        return request.render("sale_rma.portal_return_page", values)

    @http.route(["/my/orders/<int:order_id>/return"], type="http", auth="user", website=True, methods=["GET", "POST"])
    def portal_request_return(self, order_id, **post):
        try:
            order_sudo = self._document_check_access("sale.order", order_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        quantities = order_sudo.order_line._rma_returnable_quantities()
        lines = [
            (line, quantities[line.id])
            for line in order_sudo.order_line
            if line.product_id.type == "consu" and quantities[line.id] > 0
        ]
        error = None
        deadline = order_sudo._rma_return_deadline()
        expired = bool(deadline) and fields.Date.context_today(order_sudo) > deadline
        if expired:
            lines = []
        if request.httprequest.method == "POST" and not expired:
            try:
                rma = self._create_return(order_sudo, post)
                return request.redirect(rma.get_portal_url())
            except (UserError, ValidationError) as caught:
                request.env.cr.rollback()
                error = caught.args[0]
        values = self._prepare_portal_layout_values()
        values.update(
            outcomes=self._rma_outcomes(),
            order=order_sudo,
            lines=lines,
            reasons=request.env["sale.rma.reason"]
            .sudo()
            .search([("company_id", "in", (False, order_sudo.company_id.id))]),
            error=error,
            expired=expired,
            deadline=deadline,
            post=post,
            page_name="rma",
        )
        return request.render("sale_rma.portal_request_return", values)

    def _rma_outcomes(self):
        """What a customer may ask for, as the return line offers it."""
        return request.env["sale.rma.line"]._rma_outcomes()

    def _create_return(self, order_sudo, post):
        return request.env["sale.rma"]._portal_request(order_sudo, post)
