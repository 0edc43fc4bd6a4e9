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

    @staticmethod
    def _link_customer_logged_in(link):
        """Whether the visitor is the link's customer, logged in: the only one whose saved cards
        the page may offer and charge, as Odoo's own payment page does."""
        user = request.env.user
        return not user._is_public() and user.partner_id.commercial_partner_id == link.partner_id.commercial_partner_id

    def _link_tokens(self, link, providers):
        if not self._link_customer_logged_in(link):
            return request.env["payment.token"].sudo()
        return request.env["payment.token"].sudo()._get_available_tokens(providers.ids, request.env.user.partner_id.id)

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
        report = {}
        providers = link._payable_providers()
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
                # whoever holds the link pays; the customer's saved cards are theirs alone
                "tokens_sudo": self._link_tokens(link, providers),
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
        """Start the payment of a link: its own amount, currency, customer and providers, never
        the browser's."""
        link = request.env["pos.payment.link"].sudo().browse(link_id).exists()
        if not link or not payment_utils.check_access_token(
            access_token, link.partner_id.id, link.amount, link.currency_id.id
        ):
            raise ValidationError(_("The access token is invalid."))
        link._lock_for_payment()
        if link._is_expired() or link.state not in ("draft", "sent"):
            raise ValidationError(_("This payment link can no longer be paid."))
        self._validate_transaction_kwargs(kwargs)
        if kwargs.get("is_validation"):
            raise ValidationError(_("A payment link is paid, not used to check a card."))
        kwargs.setdefault("token_id", None)
        kwargs.setdefault("payment_method_id", None)
        providers = link._payable_providers()
        flow = kwargs.get("flow")
        if flow == "token":
            token = request.env["payment.token"].sudo().browse(kwargs.get("token_id")).exists()
            if not token or token not in self._link_tokens(link, providers):
                raise ValidationError(_("This saved payment method cannot pay this link."))
            kwargs["provider_id"] = token.provider_id.id
        elif flow in ("direct", "redirect"):
            provider = providers.filtered(lambda p: p.id == kwargs.get("provider_id"))
            methods = (
                request.env["payment.method"]
                .sudo()
                ._get_compatible_payment_methods(provider.ids, link.partner_id.id, currency_id=link.currency_id.id)
            )
            if not provider or kwargs.get("payment_method_id") not in methods.ids:
                raise ValidationError(_("This payment provider is not offered for this link."))
        else:
            raise ValidationError(_("The payment should either be direct, with redirection, or made by a token."))
        kwargs.update(
            amount=link.amount,
            currency_id=link.currency_id.id,
            partner_id=link.partner_id.id,
            tokenization_requested=False,
            is_validation=False,
            landing_route=f"/payment-link/{link.id}?access_token={link.access_token}",
        )
        tx = self._create_transaction(custom_create_values={"payment_link_id": link.id}, **kwargs)
        return tx._get_processing_values()
