from werkzeug.exceptions import NotFound

from odoo import _, http
from odoo.exceptions import ValidationError
from odoo.http import request

from odoo.addons.payment import utils as payment_utils
from odoo.addons.payment.controllers.portal import PaymentPortal


class PaymentLinkController(PaymentPortal):
    def _payment_link_or_404(self, link_id, access_token):
        link = request.env["pos.payment.link"].sudo().browse(link_id).exists()
        # the same answer for a wrong id and a wrong token: ids are not disclosed
        if not link or not link._check_token(access_token):
            raise NotFound()
        return link

    @http.route("/payment-link/<int:link_id>", type="http", auth="public", methods=["GET"], website=True, sitemap=False)
    def payment_link_page(self, link_id, access_token=None, **kwargs):
        link = self._payment_link_or_404(link_id, access_token)
        if link._is_expired():
            link.state = "expired"
        values = {"link": link, "description": link._describe(), "res_company": link.company_id}
        if link.state not in ("draft", "sent"):
            return request.render("pos_payment_link.payment_link_closed_page", values)

        partner = link.partner_id
        currency = link.currency_id
        company = link.company_id
        report = {}
        providers = (
            request.env["payment.provider"]
            .sudo()
            ._get_compatible_providers(company.id, partner.id, link.amount, currency_id=currency.id, report=report)
        )
        payment_methods = (
            request.env["payment.method"]
            .sudo()
            ._get_compatible_payment_methods(providers.ids, partner.id, currency_id=currency.id, report=report)
        )
        values.update(
            {
                "reference_prefix": link.name,
                "amount": link.amount,
                "currency": currency,
                "partner_id": partner.id,
                "providers_sudo": providers,
                "payment_methods_sudo": payment_methods,
                # saved cards would show who the customer is to whoever holds the link
                "tokens_sudo": request.env["payment.token"].sudo(),
                "show_tokenize_input_mapping": {provider.id: False for provider in providers},
                "availability_report": report,
                "transaction_route": f"/payment-link/{link.id}/transaction",
                "landing_route": f"/payment-link/{link.id}?access_token={access_token}",
                "access_token": payment_utils.generate_access_token(partner.id, link.amount, currency.id),
            }
        )
        return request.render("pos_payment_link.payment_link_page", values)

    @http.route("/payment-link/<int:link_id>/transaction", type="json", auth="public")
    def payment_link_transaction(self, link_id, access_token=None, **kwargs):
        """Start the payment of a link: its own amount, currency and customer, never the browser's."""
        link = request.env["pos.payment.link"].sudo().browse(link_id).exists()
        if not link or not payment_utils.check_access_token(
            access_token, link.partner_id.id, link.amount, link.currency_id.id
        ):
            raise ValidationError(_("The access token is invalid."))
        link._lock_for_payment()
        if link._is_expired() or link.state not in ("draft", "sent"):
            raise ValidationError(_("This payment link can no longer be paid."))
        self._validate_transaction_kwargs(kwargs)
        kwargs.update(
            amount=link.amount,
            currency_id=link.currency_id.id,
            partner_id=link.partner_id.id,
            tokenization_requested=False,
        )
        tx = self._create_transaction(custom_create_values={"payment_link_id": link.id}, **kwargs)
        return tx._get_processing_values()
