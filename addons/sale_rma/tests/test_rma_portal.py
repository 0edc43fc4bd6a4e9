from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from .common import RmaCase


@tagged("post_install", "-at_install")
class TestRmaPortal(RmaCase, HttpCase):
    """Customers ask for returns and follow them from their account, through HTTP."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_rma()
        cls.portal_a = new_test_user(cls.env, "rma_portal_a", groups="base.group_portal")
        cls.portal_b = new_test_user(cls.env, "rma_portal_b", groups="base.group_portal")
        cls.order_a = cls.delivered_order(partner=cls.portal_a.partner_id)
        cls.order_b = cls.delivered_order(partner=cls.portal_b.partner_id)

    def request_form(self, order, **fields):
        """Open the return form of ``order`` and send it filled with ``fields``."""
        page = self.url_open(f"/my/orders/{order.id}/return")
        self.assertEqual(page.status_code, 200)
        return self.url_open(f"/my/orders/{order.id}/return", data={"csrf_token": self.token_of(page), **fields})

    @staticmethod
    def token_of(page):
        """The session's CSRF token, as every page of the site carries it."""
        return page.text.split('csrf_token: "', 1)[1].split('"', 1)[0]

    def test_a_customer_requests_a_return_and_prints_the_slip(self):
        self.authenticate("rma_portal_a", "rma_portal_a")
        shoes_line = self.order_a.order_line.filtered(lambda l: l.product_id == self.shoes)
        answer = self.request_form(
            self.order_a,
            **{
                f"qty_{shoes_line.id}": "2",
                f"reason_{shoes_line.id}": str(self.wrong_size.id),
                f"outcome_{shoes_line.id}": "exchange",
                "comment": "Trop petites",
            },
        )
        self.assertEqual(answer.status_code, 200)
        rma = self.env["sale.rma"].search([("order_id", "=", self.order_a.id)])
        self.assertEqual(rma.state, "requested")
        self.assertEqual((rma.line_ids.product_id, rma.line_ids.quantity), (self.shoes, 2.0))
        self.assertEqual(rma.line_ids.outcome, "exchange")
        self.assertEqual(rma.customer_comment, "Trop petites")
        self.assertIn(rma.name, self.url_open("/my/returns").text)
        page = self.url_open(f"/my/returns/{rma.id}")
        self.assertIn("Chaussures de ville", page.text)
        self.assertNotIn("Download the return slip", page.text, "no slip before the return is accepted")
        rma.action_accept()
        page = self.url_open(f"/my/returns/{rma.id}")
        self.assertIn("Download the return slip", page.text)
        slip = self.url_open(f"/my/returns/{rma.id}?report_type=html")
        self.assertIn(rma.name, slip.text)
        self.assertIn("Send the parcel to", slip.text)

    def test_too_much_is_refused_with_a_message_and_nothing_written(self):
        self.authenticate("rma_portal_a", "rma_portal_a")
        belt_line = self.order_a.order_line.filtered(lambda l: l.product_id == self.belt)
        answer = self.request_form(self.order_a, **{f"qty_{belt_line.id}": "5"})
        self.assertIn("at most 2.0 can be returned", answer.text)
        self.assertFalse(self.env["sale.rma"].search([("order_id", "=", self.order_a.id)]))

    def test_nobody_sees_another_customers_return(self):
        rma_b = self.new_rma(self.order_b, {self.belt: 1})
        rma_b.action_request()
        self.authenticate("rma_portal_a", "rma_portal_a")
        self.assertNotIn(rma_b.name, self.url_open("/my/returns").text)
        page = self.url_open(f"/my/returns/{rma_b.id}")
        self.assertTrue(page.url.endswith("/my"), page.url)
        self.assertNotIn(rma_b.name, page.text)
        slip = self.url_open(f"/my/returns/{rma_b.id}?report_type=pdf&download=true")
        self.assertNotIn(rma_b.name, slip.text)
        other_order = self.url_open(f"/my/orders/{self.order_b.id}/return")
        self.assertTrue(other_order.url.endswith("/my"), other_order.url)
        self.authenticate(None, None)
        wrong = self.url_open(f"/my/returns/{rma_b.id}?access_token=guessed")
        self.assertNotIn(rma_b.name, wrong.text)
        right = self.url_open(f"/my/returns/{rma_b.id}?access_token={rma_b._portal_ensure_token()}")
        self.assertIn(rma_b.name, right.text)

    def test_drafts_stay_with_the_shop(self):
        draft = self.new_rma(self.order_a, {self.belt: 1})
        self.authenticate("rma_portal_a", "rma_portal_a")
        self.assertNotIn(draft.name, self.url_open("/my/returns").text)
        self.assertTrue(self.url_open(f"/my/returns/{draft.id}").url.endswith("/my"))

    def test_after_the_return_period_the_customer_writes_to_the_shop(self):
        self.env.company.rma_return_period_days = 30
        self.order_a.effective_date = fields.Datetime.now() - timedelta(days=31)
        self.authenticate("rma_portal_a", "rma_portal_a")
        page = self.url_open(f"/my/orders/{self.order_a.id}/return")
        self.assertIn("The return period of this order ended on", page.text)
        token = self.token_of(page)
        self.assertNotIn("Request the return", page.text)
        belt_line = self.order_a.order_line.filtered(lambda l: l.product_id == self.belt)
        self.url_open(
            f"/my/orders/{self.order_a.id}/return",
            data={"csrf_token": token, f"qty_{belt_line.id}": "1"},
        )
        self.assertFalse(self.env["sale.rma"].search([("order_id", "=", self.order_a.id)]), "nothing written")
        self.order_a.effective_date = fields.Datetime.now() - timedelta(days=29)
        self.assertIn("You can ask for a return until", self.url_open(f"/my/orders/{self.order_a.id}/return").text)

    def test_the_customer_writes_to_the_shop_on_their_return_only(self):
        mine = self.new_rma(self.order_a, {self.belt: 1})
        mine.action_request()
        other = self.new_rma(self.order_b, {self.belt: 1})
        other.action_request()
        self.authenticate("rma_portal_a", "rma_portal_a")
        post = {"post_data": {"body": "Le colis est parti ce matin.", "message_type": "comment"}}
        self.make_jsonrpc_request("/mail/message/post", {"thread_model": "sale.rma", "thread_id": mine.id, **post})
        message = mine.message_ids.filtered(lambda m: "Le colis est parti" in m.body)
        self.assertEqual(message.author_id, self.portal_a.partner_id)
        with self.assertRaises(JsonRpcException) as caught:
            self.make_jsonrpc_request("/mail/message/post", {"thread_model": "sale.rma", "thread_id": other.id, **post})
        self.assertIn("NotFound", str(caught.exception))
        self.assertFalse(other.message_ids.filtered(lambda m: "Le colis est parti" in m.body))

    def test_malformed_input_gets_a_message_never_an_error(self):
        self.authenticate("rma_portal_a", "rma_portal_a")
        belt_line = self.order_a.order_line.filtered(lambda l: l.product_id == self.belt)
        foreign_line = self.order_b.order_line.filtered(lambda l: l.product_id == self.belt)
        for posted, message in (
            ({f"qty_{belt_line.id}": "nan"}, "Quantities are numbers."),
            ({f"qty_{belt_line.id}": "inf"}, "Quantities are numbers."),
            ({f"qty_{belt_line.id}": "deux"}, "Quantities are numbers."),
            ({f"qty_{belt_line.id}": "1", f"reason_{belt_line.id}": "abc"}, "Choose a reason from the list."),
            ({f"qty_{belt_line.id}": "1", f"outcome_{belt_line.id}": "scrap"}, "Choose one of: Refund, Exchange"),
            ({f"qty_{foreign_line.id}": "1"}, "is not one of the order"),
            ({"qty_x": "1"}, "is not one of the order"),
        ):
            answer = self.request_form(self.order_a, **posted)
            self.assertEqual(answer.status_code, 200, posted)
            self.assertIn(message, answer.text, posted)
        self.assertFalse(self.env["sale.rma"].search([("order_id", "in", (self.order_a | self.order_b).ids)]))

    def test_repair_is_offered_only_with_its_bridge(self):
        """The "repair" outcome needs sale_rma_repair (a repair order, the goods sent
        back): without it the form does not offer it and the server refuses it."""
        bridge = self.env["ir.module.module"].search([("name", "=", "sale_rma_repair")]).state == "installed"
        self.assertEqual("repair" in dict(self.env["sale.rma.line"]._rma_outcomes()), bridge)
        self.authenticate("rma_portal_a", "rma_portal_a")
        belt_line = self.order_a.order_line.filtered(lambda l: l.product_id == self.belt)
        page = self.url_open(f"/my/orders/{self.order_a.id}/return")
        self.assertEqual('value="repair"' in page.text, bridge)
        answer = self.request_form(self.order_a, **{f"qty_{belt_line.id}": "1", f"outcome_{belt_line.id}": "repair"})
        self.assertEqual(answer.status_code, 200)
        rma = self.env["sale.rma"].search([("order_id", "=", self.order_a.id)])
        if bridge:
            self.assertEqual(rma.line_ids.outcome, "repair")
        else:
            self.assertIn("Choose one of: Refund, Exchange.", answer.text)
            self.assertFalse(rma, "nothing written")

    def test_malformed_input_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["sale_rma"], ["fr_FR"], overwrite=True)
        self.portal_a.lang = "fr_FR"
        self.authenticate("rma_portal_a", "rma_portal_a")
        belt_line = self.order_a.order_line.filtered(lambda l: l.product_id == self.belt)
        answer = self.request_form(self.order_a, **{f"qty_{belt_line.id}": "nan"})
        self.assertEqual(answer.status_code, 200)
        self.assertIn("Les quantités sont des nombres.", answer.text)
        self.assertFalse(self.env["sale.rma"].search([("order_id", "=", self.order_a.id)]))

    def test_no_draft_nor_internal_note_over_rpc(self):
        draft = self.new_rma(self.order_a, {self.belt: 1})
        draft.note = "<p>Client difficile</p>"
        requested = self.new_rma(self.order_a, {self.shoes: 1})
        requested.note = "<p>Vérifier l'usure</p>"
        requested.action_request()
        self.authenticate("rma_portal_a", "rma_portal_a")

        def call(method, *args, **kwargs):
            return self.make_jsonrpc_request(
                f"/web/dataset/call_kw/sale.rma/{method}",
                {"model": "sale.rma", "method": method, "args": list(args), "kwargs": kwargs},
            )

        found = call("search_read", [], fields=["name", "state"])
        self.assertEqual([r["name"] for r in found], [requested.name], "drafts are the shop's")
        with self.assertRaises(JsonRpcException):
            call("read", draft.ids, ["name"])
        with self.assertRaises(JsonRpcException):
            call("read", requested.ids, ["note"])
        lines = self.make_jsonrpc_request(
            "/web/dataset/call_kw/sale.rma.line/search_read",
            {"model": "sale.rma.line", "method": "search_read", "args": [[]], "kwargs": {"fields": ["rma_id"]}},
        )
        self.assertEqual({line["rma_id"][0] for line in lines}, {requested.id})
