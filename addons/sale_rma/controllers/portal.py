import math
import re

from odoo import _, fields, http
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
            if rma_sudo.state not in ("accepted", "processing", "done"):
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
                rma = self._create_return(order_sudo, dict(lines), post)
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
        field = request.env["sale.rma.line"]._fields["outcome"]
        return field._description_selection(request.env)

    @staticmethod
    def _rma_number(value, message):
        try:
            number = float(value or 0)
        except (TypeError, ValueError) as error:
            raise UserError(message) from error
        if not math.isfinite(number):
            raise UserError(message)
        return number

    def _create_return(self, order_sudo, returnable, post):
        # of two requests sent at once, the second is retried and sees the first
        order_sudo._rma_lock()
        known = {line.id for line in returnable}
        for key in post:
            match = re.fullmatch(r"(qty|reason|outcome)_(\w+)", key)
            if match and (not match.group(2).isdigit() or int(match.group(2)) not in known):
                raise UserError(_("This product is not one of the order's products that can be returned."))
        outcomes = dict(self._rma_outcomes())
        line_values = []
        for order_line, available in returnable.items():
            quantity = self._rma_number(post.get(f"qty_{order_line.id}"), _("Quantities are numbers."))
            if quantity <= 0:
                continue
            if quantity > available:
                raise UserError(
                    _(
                        "%(product)s: at most %(quantity)s can be returned.",
                        product=order_line.product_id.display_name,
                        quantity=available,
                    )
                )
            reason_id = self._rma_number(post.get(f"reason_{order_line.id}"), _("Choose a reason from the list."))
            reason = request.env["sale.rma.reason"].sudo().browse(int(reason_id)).exists()
            if reason.company_id and reason.company_id != order_sudo.company_id:
                raise UserError(_("Choose a reason from the list."))
            outcome = post.get(f"outcome_{order_line.id}") or "refund"
            if outcome not in outcomes:
                raise UserError(_("Choose one of: %s.", ", ".join(outcomes.values())))
            line_values.append(
                {
                    "order_line_id": order_line.id,
                    "quantity": quantity,
                    "reason_id": reason.id,
                    "outcome": outcome,
                }
            )
        if not line_values:
            raise UserError(_("Choose at least one product to return."))
        rma = (
            request.env["sale.rma"]
            .sudo()
            .create(
                {
                    "order_id": order_sudo.id,
                    "company_id": order_sudo.company_id.id,
                    "customer_comment": post.get("comment"),
                    "line_ids": [(0, 0, values) for values in line_values],
                }
            )
        )
        rma.message_post(
            body=_("Return requested by the customer from their account."),
            author_id=request.env.user.partner_id.id,
        )
        rma.action_request()
        return rma
