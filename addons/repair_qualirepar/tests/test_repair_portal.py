import threading

from odoo import SUPERUSER_ID, api
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException


@tagged("post_install", "-at_install")
class TestRepairPortal(HttpCase):
    """Customers follow their own repairs in the portal, through HTTP."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer_a = new_test_user(cls.env, "repair_portal_a", groups="base.group_portal")
        cls.customer_b = new_test_user(cls.env, "repair_portal_b", groups="base.group_portal")
        device = cls.env["product.product"].create({"name": "Aspirateur du client", "type": "consu"})
        cls.repair_a, cls.repair_b = cls.env["repair.order"].create(
            [
                {
                    "partner_id": user.partner_id.id,
                    "product_id": device.id,
                    "device_serial": serial,
                    "gdpr_consent": True,
                    "deposit_amount": 20.0,
                }
                for user, serial in ((cls.customer_a, "ASP-A-001"), (cls.customer_b, "ASP-B-002"))
            ]
        )

    def test_a_customer_sees_only_their_repairs(self):
        self.authenticate("repair_portal_a", "repair_portal_a")
        page = self.url_open("/my/repairs")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.repair_a.name, page.text)
        self.assertNotIn(self.repair_b.name, page.text)
        page = self.url_open(f"/my/repairs/{self.repair_a.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("ASP-A-001", page.text)
        self.assertIn("Take-in voucher", page.text)
        page = self.url_open(f"/my/repairs/{self.repair_b.id}")
        self.assertTrue(page.url.endswith("/my"), page.url)
        self.assertNotIn("ASP-B-002", page.text)

    def test_the_link_of_the_voucher_works_without_login_and_a_wrong_token_does_not(self):
        page = self.url_open(self.repair_a.get_portal_url())
        self.assertEqual(page.status_code, 200)
        self.assertIn("ASP-A-001", page.text)
        page = self.url_open(f"/my/repairs/{self.repair_a.id}?access_token=not-the-token")
        self.assertNotIn("ASP-A-001", page.text)
        page = self.url_open(f"/my/repairs/{self.repair_b.id}?access_token={self.repair_a.access_token}")
        self.assertNotIn("ASP-B-002", page.text)

    def test_the_customer_downloads_the_voucher(self):
        self.authenticate("repair_portal_a", "repair_portal_a")
        page = self.url_open(f"/my/repairs/{self.repair_a.id}?report_type=html")
        self.assertEqual(page.status_code, 200)
        self.assertIn("ASP-A-001", page.text)
        self.assertIn("data:image/png;base64,", page.text, "QR code to the repair page")
        self.assertIn("GDPR", page.text)
        page = self.url_open(f"/my/repairs/{self.repair_b.id}?report_type=pdf&download=true")
        self.assertNotIn("ASP-B-002", page.text)

    def finish(self, repair):
        repair.action_validate()
        repair.action_repair_start()
        repair.action_repair_end()
        self.assertEqual(repair.state, "done")

    def test_the_status_follows_the_repair(self):
        self.authenticate("repair_portal_a", "repair_portal_a")
        url = f"/my/repairs/{self.repair_a.id}/status"
        first = self.url_open(url).json()
        self.assertEqual(first["state"], "draft")
        self.assertIn("Taken in", first["html"])
        self.repair_a.action_validate()
        self.repair_a.action_repair_start()
        second = self.url_open(url).json()
        self.assertEqual(second["state"], "under_repair")
        self.assertNotEqual(second["signature"], first["signature"])
        self.assertIn("Under Repair", second["html"])
        self.assertEqual(self.url_open(f"/my/repairs/{self.repair_b.id}/status").status_code, 404)
        self.authenticate(None, None)
        self.assertEqual(self.url_open(url).status_code, 404, "no login, no token")
        by_token = self.url_open(f"{url}?access_token={self.repair_a._portal_ensure_token()}")
        self.assertEqual(by_token.json()["state"], "under_repair")

    def test_after_the_repair_the_customer_answers_the_survey(self):
        self.finish(self.repair_a)
        answer = self.repair_a.survey_user_input_id
        self.assertEqual(answer.partner_id, self.customer_a.partner_id)
        self.assertEqual(answer.repair_id, self.repair_a)
        invitation = self.repair_a.message_ids.filtered(lambda m: answer.access_token in m.body)
        self.assertEqual(invitation.partner_ids, self.customer_a.partner_id)
        self.assertIn("your opinion on the repair", invitation.subject)
        self.repair_a._repair_invite_survey()
        self.assertEqual(
            self.env["survey.user_input"].search_count([("repair_id", "=", self.repair_a.id)]), 1, "invited once"
        )

        self.authenticate("repair_portal_a", "repair_portal_a")
        page = self.url_open(f"/my/repairs/{self.repair_a.id}")
        self.assertIn("Give my opinion", page.text)
        survey = answer.survey_id
        self.assertEqual(self.url_open(answer.get_start_url()).status_code, 200)
        rating = survey.question_ids.filtered(lambda q: q.question_type == "scale")
        recommend = self.env.ref("repair_qualirepar.survey_repair_question_recommend")
        tokens = f"{survey.access_token}/{answer.access_token}"
        self.make_jsonrpc_request(f"/survey/begin/{tokens}", {})
        self.make_jsonrpc_request(
            f"/survey/submit/{tokens}",
            {
                str(rating.id): "9",
                str(recommend.id): self.env.ref("repair_qualirepar.survey_repair_answer_recommend_yes").id,
                "page_id": False,
            },
        )
        self.assertEqual(answer.state, "done")
        self.assertEqual(answer.user_input_line_ids.filtered(lambda line: line.question_id == rating).value_scale, 9)
        self.assertTrue(self.repair_a.survey_answered)
        self.assertIn("Thank you for your opinion", self.url_open(f"/my/repairs/{self.repair_a.id}").text)

    def test_the_survey_is_a_setting(self):
        self.env.company.repair_survey_id = False
        self.finish(self.repair_a)
        self.assertFalse(self.repair_a.survey_user_input_id)

    def test_the_repair_page_shows_the_end_of_the_repair_live(self):
        self.env["ir.config_parameter"].set_param("repair_qualirepar.portal_refresh_seconds", 1)
        self.repair_a.action_validate()
        self.repair_a.action_repair_start()

        # the workshop ends the repair once the page has asked for the status a first time
        polled, calls = threading.Event(), []
        Repair = type(self.env["repair.order"])
        portal_status = Repair._portal_status

        def watched_portal_status(repair):
            calls.append(repair.state)
            if len(calls) > 1:  # the page, then its first poll
                polled.set()
            return portal_status(repair)

        self.patch(Repair, "_portal_status", watched_portal_status)

        def end_repair():
            if polled.wait(60) and calls[-1:] != ["stop"]:
                with self.registry.cursor() as cr:
                    api.Environment(cr, SUPERUSER_ID, {})["repair.order"].browse(self.repair_a.id).action_repair_end()

        workshop = threading.Thread(target=end_repair, daemon=True)
        workshop.start()
        self.addCleanup(workshop.join, 10)
        self.addCleanup(lambda: calls.append("stop") or polled.set())
        self.start_tour(
            f"/my/repairs/{self.repair_a.id}", "repair_qualirepar_portal_live_status", login="repair_portal_a"
        )
        self.env.invalidate_all()
        self.assertEqual(self.repair_a.state, "done")

    def test_the_shops_own_fields_are_not_read_over_rpc(self):
        repair = self.repair_a
        technician = new_test_user(self.env, "repair_portal_tech", groups="repair_qualirepar.group_repair_technician")
        repair.write(
            {"internal_notes": "<p>Client difficile</p>", "zone_reason": "Client fidèle", "user_id": technician.id}
        )
        own = repair.with_user(self.customer_a)
        self.assertEqual(own.read(["name", "device_serial"])[0]["device_serial"], "ASP-A-001", "their own repair")
        for field in (
            "internal_notes",
            "zone_reason",
            "user_id",
            "customer_validation",
            "control_answer_ids",
            "qualified_technician_ids",
        ):
            with self.subTest(field=field), self.assertRaises(AccessError):
                own.read([field])
        with self.assertRaises(AccessError):
            own.search([("internal_notes", "ilike", "difficile")])
        # and through the web client's RPC, as a browser would call it
        self.authenticate("repair_portal_a", "repair_portal_a")
        with self.assertRaises(JsonRpcException) as caught:
            self.make_jsonrpc_request(
                "/web/dataset/call_kw/repair.order/read",
                {
                    "model": "repair.order",
                    "method": "read",
                    "args": [repair.ids, ["name", "internal_notes"]],
                    "kwargs": {},
                },
            )
        self.assertIn("AccessError", str(caught.exception))
        page = self.url_open(f"/my/repairs/{repair.id}")
        self.assertEqual(page.status_code, 200, "the customer's page still shows")
        self.assertNotIn("Client difficile", page.text)
        # the workshop reads them as before
        self.assertIn("difficile", repair.with_user(technician).internal_notes)


@tagged("post_install", "-at_install")
class TestRepairScan(HttpCase):
    """The repair form reads the serial number or the IMEI from a scanner: a hand
    scanner types into the field, the camera button opens Odoo's barcode dialog."""

    def test_the_serial_number_and_imei_are_scanned_on_the_repair_form(self):
        front_desk = new_test_user(self.env, "repair_scan_desk", groups="repair_qualirepar.group_repair_front_desk")
        customer = self.env["res.partner"].create({"name": "Client scanné"})
        repair = self.env["repair.order"].create({"partner_id": customer.id})
        self.start_tour(
            f"/odoo/action-repair.action_repair_order_tree/{repair.id}",
            "repair_qualirepar_scan_device",
            login=front_desk.login,
        )
        self.assertEqual(repair.device_serial, "SN-HAND-0042")
