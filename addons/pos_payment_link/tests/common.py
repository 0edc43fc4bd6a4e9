import json
import re

from lxml import html

from odoo import Command
from odoo.tests import HttpCase, new_test_user


def pay_with_demo(env, link, provider):
    """The customer paid the link with the demo provider: its notification, then the
    post-processing Odoo runs from the status page or its cron."""
    tx = (
        env["payment.transaction"]
        .sudo()
        .create(
            {
                "provider_id": provider.id,
                "payment_method_id": provider.payment_method_ids[:1].id,
                "reference": link.name,
                "amount": link.amount,
                "currency_id": link.currency_id.id,
                "partner_id": link.partner_id.id,
                "operation": "online_direct",
                "payment_link_id": link.id,
            }
        )
    )
    tx._handle_notification_data("demo", {"reference": tx.reference, "simulated_state": "done"})
    tx._post_process()
    return tx


def demo_provider(env, company, journal):
    """Odoo's demo payment provider, in test mode for ``company``: how the tests'
    customers pay their links."""
    return (
        env.ref("payment.payment_provider_demo")
        .sudo()
        .copy({"company_id": company.id, "state": "test", "is_published": True, "journal_id": journal.id})
    )


class PaymentLinkCase(HttpCase):
    """The shop's company, Odoo's demo payment provider as its online payment, a
    customer with an order, an eWallet and an open invoice."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.currency = cls.company.currency_id
        bank = cls.env["account.journal"].search([("type", "=", "bank"), ("company_id", "=", cls.company.id)], limit=1)
        cls.provider = cls.env.ref("payment.payment_provider_demo")
        cls.provider.write({"state": "test", "is_published": True, "journal_id": bank.id})
        cls.provider.payment_method_ids.active = True
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Claire Petit",
                "email": "claire.petit@example.com",
                "mobile": "06 12 34 56 78",
                "country_id": cls.env.ref("base.fr").id,
            }
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Retouche ourlet", "list_price": 80.0, "taxes_id": [Command.clear()]}
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "order_line": [Command.create({"product_id": cls.product.id, "product_uom_qty": 2})],
            }
        )
        cls.wallet = cls.ewallet(cls.company)
        cls.cashier = new_test_user(
            cls.env,
            "pl_cashier",
            groups="base.group_user,point_of_sale.group_pos_user",
            company_id=cls.company.id,
        )
        cls.seller = new_test_user(
            cls.env,
            "pl_seller",
            groups="base.group_user,sales_team.group_sale_salesman_all_leads",
            company_id=cls.company.id,
        )
        cls.manager = new_test_user(
            cls.env, "pl_manager", groups="base.group_user,point_of_sale.group_pos_manager", company_id=cls.company.id
        )

    @classmethod
    def ewallet(cls, company):
        top_up = cls.env["product.product"].create({"name": "Recharge cagnotte", "type": "service"})
        return cls.env["loyalty.program"].create(
            {
                "name": "Cagnotte",
                "program_type": "ewallet",
                "company_id": company.id,
                "rule_ids": [
                    Command.clear(),
                    Command.create({"reward_point_amount": 1, "reward_point_mode": "money", "product_ids": top_up.ids}),
                ],
            }
        )

    def invoice(self, amount, partner=None):
        move = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": (partner or self.customer).id,
                "invoice_line_ids": [
                    Command.create({"name": "Réparation", "quantity": 1, "price_unit": amount, "tax_ids": []})
                ],
            }
        )
        move.action_post()
        return move

    def make_link(self, user=None, **values):
        values = {"purpose": "deposit", "partner_id": self.customer.id, "sale_order_id": self.order.id, **values}
        if values["purpose"] != "deposit":
            values.pop("sale_order_id")
        if values["purpose"] == "wallet":
            values.setdefault("loyalty_program_id", self.wallet.id)
        link = self.env["pos.payment.link"].with_user(user or self.cashier).create(values)
        return link.with_env(self.env)

    # --- the customer's side, through HTTP --------------------------------------------

    def open_link(self, link, token=None):
        token = token if token is not None else link.sudo().access_token
        return self.url_open(f"/payment-link/{link.id}?access_token={token}")

    def page_form(self, link):
        page = self.open_link(link)
        self.assertEqual(page.status_code, 200)
        return html.fromstring(page.text).xpath('//form[@id="o_payment_form"]')[0]

    def transaction_params(self, link, provider=None, **overrides):
        """What the payment form posts to the link's transaction route."""
        form = self.page_form(link)
        provider = provider or self.provider
        return {
            "provider_id": provider.id,
            "payment_method_id": provider.payment_method_ids[:1].id,
            "token_id": None,
            "amount": float(form.get("data-amount")),
            "flow": "direct",
            "tokenization_requested": False,
            "landing_route": form.get("data-landing-route"),
            "is_validation": False,
            "access_token": form.get("data-access-token"),
            **overrides,
        }

    def start_payment(self, link, **overrides):
        """Start a payment on the link's page: the reference of the transaction created."""
        values = self.make_jsonrpc_request(
            f"/payment-link/{link.id}/transaction", self.transaction_params(link, **overrides)
        )
        return values["reference"]

    def provider_notifies(self, reference, notifications=1):
        """The demo provider confirms the payment, the status page polls (post-processing)."""
        for _notification in range(notifications):
            self.make_jsonrpc_request(
                "/payment/demo/simulate_payment",
                {"reference": reference, "payment_details": "4242", "simulated_state": "done"},
            )
            self.make_jsonrpc_request("/payment/status/poll", {})
        self.env.invalidate_all()
        return self.env["payment.transaction"].search([("reference", "=", reference)])

    def pay(self, link, notifications=1):
        """What the customer's browser does: open the page, start a demo payment,
        the provider notifies, the status page polls (post-processing)."""
        reference = self.start_payment(link)
        return self.provider_notifies(reference, notifications)

    def json_error(self, route, params):
        """The message of the error a JSON route answers, as the browser shows it."""
        response = self.url_open(
            route,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}),
            headers={"Content-Type": "application/json"},
        )
        return response.json()["error"]["data"]["message"]

    @staticmethod
    def page_text(response):
        return re.sub(r"\s+", " ", html.fromstring(response.text).text_content())
