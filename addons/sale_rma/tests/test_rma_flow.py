from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, TransactionCase, new_test_user, tagged

from .common import RmaCase


# after every module's install: Odoo gives the company its chart of accounts (the
# accounts and tax groups these invoices need) only once the registry is loaded
@tagged("post_install", "-at_install")
class TestRmaFlow(RmaCase, TransactionCase):
    """From the request to the refund, the restock and the exchange."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_rma()

    def test_refund_and_restock(self):
        order = self.delivered_order()
        rma = self.new_rma(order, {self.shoes: 2, self.belt: 1})
        self.assertEqual(rma.state, "draft")
        self.assertEqual(rma.line_ids.mapped("qty_returnable"), [3.0, 2.0])
        rma.action_request()
        rma.action_accept()
        self.assertEqual(rma.state, "accepted")
        reception = rma.picking_ids
        self.assertEqual(reception.location_dest_id, self.warehouse._rma_return_location())
        self.assertEqual(sorted(reception.move_ids.mapped("product_uom_qty")), [1.0, 2.0])
        self.receive(rma)
        self.assertEqual(rma.state, "processing")
        self.assertEqual(rma.line_ids.mapped("qty_received"), [2.0, 1.0])
        self.assertEqual(order.order_line[0].qty_delivered, 3.0, "delivered until the return is processed")
        self.assertNotEqual(order.invoice_status, "to invoice", "the reception leaves nothing to invoice or refund")

        form = self.process(
            rma, refund_shipping=True, fees=5.0, adjustment=2.0, lines={0: {"qty_restock": 1.0}, 1: {"qty_refund": 0.0}}
        )
        # 2 shoes at 120 TTC, shipping 7.20, minus 5 of fees, plus 2 of adjustment
        self.assertAlmostEqual(form.amount_total, 240.0 + 7.2 - 5.0 + 2.0)
        with form.line_ids.edit(1) as belt:
            belt.qty_refund = 1.0
        self.assertAlmostEqual(form.amount_total, 240.0 + 60.0 + 7.2 - 5.0 + 2.0, msg="the total follows each change")
        stock_before = self.qty(self.shoes, self.stock)
        form.save().action_complete()

        self.assertEqual(rma.state, "done")
        refund = rma.refund_ids
        self.assertEqual(refund.state, "posted")
        self.assertEqual(refund.move_type, "out_refund")
        self.assertAlmostEqual(refund.amount_total, 304.2)
        self.assertAlmostEqual(rma.amount_refunded, 304.2)
        self.assertEqual(order.order_line[0].qty_invoiced, 1.0, "the refunded shoes are no longer invoiced")
        self.assertEqual(order.order_line[0].qty_delivered, 1.0, "nor delivered")
        self.assertEqual(self.qty(self.shoes, self.stock), stock_before + 1)
        returns = self.warehouse._rma_return_location()
        self.assertEqual(self.qty(self.shoes, returns), 1.0, "the shoe not restocked waits in Returns")
        self.assertEqual(self.qty(self.belt, returns), 0.0)
        self.assertEqual(self.qty(self.belt, self.stock), 9.0)
        body = " ".join(rma.message_ids.mapped("body"))
        self.assertIn("Back in stock", body)
        self.assertIn("Refunded", body)

    def test_exchange_sends_the_replacement_and_refunds_the_difference(self):
        order = self.delivered_order()
        rma = self.new_rma(order, {self.shoes: 1})
        carrier = self.env["delivery.carrier"].create({"name": "Colissimo", "product_id": self.shipping.id})
        action = rma.line_ids.with_user(self.rma_user).action_exchange()
        dialog = Form(self.env[action["res_model"]].with_user(self.rma_user).with_context(**action["context"]))
        self.assertEqual(dialog.exchange_product_id, self.shoes, "the same product by default (another size...)")
        dialog.exchange_product_id = self.belt
        dialog.carrier_id = carrier
        dialog.save().action_confirm()
        self.assertEqual(rma.line_ids.outcome, "exchange")
        rma.action_accept()
        self.receive(rma)
        form = self.process(rma)
        self.assertEqual(form.carrier_id, carrier, "the shipping method chosen in the dialog")
        self.assertTrue(form.line_ids.edit(0).exchange, "the customer asked for an exchange")
        # shoes paid 120 TTC, belt sold 60 TTC: 60 back to the customer
        self.assertAlmostEqual(form.amount_total, 60.0, msg="the cheaper replacement's difference")
        form.save().action_complete()
        delivery = rma.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")
        self.assertEqual(delivery.move_ids.product_id, self.belt)
        self.assertEqual(delivery.partner_id, self.customer)
        self.assertEqual(delivery.state, "assigned")
        self.assertEqual(delivery.carrier_id, carrier)
        # shoes paid 120 TTC, belt sold 60 TTC: 60 back to the customer
        self.assertAlmostEqual(rma.refund_ids.amount_total, 60.0)
        self.assertEqual(rma.state, "done")

    def test_a_dearer_replacement_is_charged_on_the_order(self):
        order = self.delivered_order()
        rma = self.new_rma(order, {self.belt: 1}, outcome="exchange")
        rma.line_ids.exchange_product_id = self.boots
        rma.action_accept()
        self.receive(rma)
        self.process(rma).save().action_complete()
        self.assertFalse(rma.refund_ids)
        surcharge = order.order_line.filtered(lambda l: rma.name in l.name)
        self.assertEqual(surcharge.tax_id, self.tax, "the difference bears the replacement's VAT")
        self.assertAlmostEqual(surcharge.price_unit, 80.0)
        self.assertAlmostEqual(surcharge.price_total, 156.0 - 60.0)

    def test_refused_with_a_reason(self):
        order = self.delivered_order()
        rma = self.new_rma(order, {self.belt: 1})
        rma.action_request()
        with self.assertRaises(AccessError):
            rma.with_user(self.rma_user).action_refuse()
            self.env["sale.rma.reason.wizard"].with_user(self.rma_user).create(
                {"rma_ids": rma.ids, "state": "refused", "reason": "Hors délai"}
            ).action_confirm()
        wizard = (
            self.env["sale.rma.reason.wizard"]
            .with_user(self.rma_manager)
            .create({"rma_ids": rma.ids, "state": "refused", "reason": "Produit porté"})
        )
        wizard.action_confirm()
        self.assertEqual(rma.state, "refused")
        self.assertEqual(rma.state_reason, "Produit porté")
        self.assertEqual(
            self.new_rma(order, {self.belt: 2}).line_ids.quantity, 2.0, "a refused return frees its quantities"
        )

    # -- guards ---------------------------------------------------------------------
    def test_never_more_than_delivered_minus_returned(self):
        order = self.delivered_order()
        self.new_rma(order, {self.shoes: 2}).action_request()
        with self.assertRaises(ValidationError) as caught:
            self.new_rma(order, {self.shoes: 2})
        self.assertIn("only 1.0 can be", str(caught.exception))
        self.assertEqual(self.env["sale.rma"].search_count([("order_id", "=", order.id)]), 1, "nothing written")

    def test_nothing_is_refunded_that_was_not_invoiced(self):
        order = self.delivered_order(invoice=False)
        rma = self.new_rma(order, {self.shoes: 1})
        rma.action_accept()
        self.receive(rma)
        form = self.process(rma, lines={0: {"qty_refund": 1.0}})
        wizard = form.save()
        with self.assertRaises(UserError) as caught:
            wizard.action_complete()
        self.assertIn("only 0.0 invoiced", str(caught.exception))
        self.assertEqual(rma.state, "processing")
        self.assertFalse(rma.refund_ids)
        self.assertEqual(self.qty(self.shoes, self.stock), 7.0, "nothing restocked either")

    def test_nothing_is_processed_before_the_goods_arrive(self):
        order = self.delivered_order()
        rma = self.new_rma(order, {self.shoes: 1})
        rma.action_accept()
        with self.assertRaises(UserError) as caught:
            rma.action_process()
        self.assertIn("cannot be processed", str(caught.exception))
        wizard = self.env["sale.rma.process"].create({"rma_id": rma.id})
        with self.assertRaises(UserError):
            wizard.action_complete()
        self.assertEqual(rma.state, "accepted")

    # -- e-mails and access -----------------------------------------------------------
    def test_each_step_emails_the_customer_and_the_staff(self):
        staff = self.env["res.partner"].create({"name": "SAV", "email": "sav@example.fr"})
        self.env.company.rma_staff_partner_ids = staff
        order = self.delivered_order()
        rma = self.new_rma(order, {self.belt: 1})
        rma.action_request()
        rma.action_accept()
        self.receive(rma)
        customer_mails = rma.message_ids.filtered(lambda m: self.customer in m.partner_ids)
        self.assertEqual(
            sorted(customer_mails.mapped("subject")),
            sorted(
                [
                    f"Return {rma.name} requested",
                    f"Return {rma.name} accepted: print your return slip",
                    f"Return {rma.name}: products received",
                ]
            ),
        )
        accepted = customer_mails.filtered(lambda m: "accepted" in m.subject)
        self.assertIn("/my/returns/", accepted.body)
        self.assertFalse(accepted.attachment_ids, "a link to the slip: no PDF made while the staff wait")
        action = rma.with_user(self.rma_user).action_send_slip()
        composer = Form(self.env[action["res_model"]].with_user(self.rma_user).with_context(**action["context"]))
        composer.save().action_send_mail()
        sent = rma.message_ids[0]
        self.assertIn(self.customer, sent.partner_ids)
        # (tests render reports as HTML, the slip's extension aside)
        self.assertEqual(
            [name.rsplit(".", 1)[0] for name in sent.attachment_ids.mapped("name")],
            [f"Return slip {rma.name.replace('/', '-')}"],
        )
        staff_mails = self.env["mail.message"].search([("partner_ids", "in", staff.ids), ("res_id", "=", rma.id)])
        self.assertEqual(len(staff_mails), 3)
        self.env.company.rma_notify_customer = False
        rma.action_process()
        self.process(rma).save().action_complete()
        self.assertFalse(rma.message_ids.filtered(lambda m: "completed" in (m.subject or "")))

    def test_the_customer_reads_the_emails_in_their_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["sale_rma"], ["fr_FR"], overwrite=True)
        self.customer.lang = "fr_FR"
        rma = self.new_rma(self.delivered_order(), {self.belt: 1})
        rma.action_accept()
        mail = rma.message_ids.filtered(lambda m: self.customer in m.partner_ids)
        self.assertEqual(mail.subject, f"Retour {rma.name} accepté : imprimez votre bon de retour")
        self.assertIn("Télécharger le bon de retour", mail.body)

    def test_salespeople_see_their_customers_returns_only(self):
        mine = self.delivered_order()
        mine.user_id = self.salesman
        other = self.delivered_order()
        other.user_id = self.rma_manager
        rma_mine = self.new_rma(mine, {self.belt: 1})
        rma_other = self.new_rma(other, {self.belt: 1})
        visible = self.env["sale.rma"].with_user(self.salesman).search([])
        self.assertIn(rma_mine, visible)
        self.assertNotIn(rma_other, visible)
        with self.assertRaises(AccessError):
            rma_mine.with_user(self.salesman).action_accept()

    def test_slip_shows_reference_address_and_instructions(self):
        self.env.company.rma_instructions = "<p>Glissez ce bon dans le colis.</p>"
        self.env.company.rma_return_address_id = self.env["res.partner"].create(
            {"name": "Entrepôt retours", "street": "3 allée des Retours", "zip": "69100", "city": "Villeurbanne"}
        )
        rma = self.new_rma(self.delivered_order(), {self.shoes: 1})
        rma.action_accept()
        html = self.env["ir.actions.report"]._render_qweb_html("sale_rma.action_report_rma_slip", rma.ids)[0].decode()
        self.assertIn(rma.name, html)
        self.assertIn("3 allée des Retours", html)
        self.assertIn("Glissez ce bon dans le colis.", html)
        self.assertIn("data:image/png;base64,", html)
        # wkhtmltopdf fetches the report's assets from this server: in test mode it reads
        # them through this test's transaction instead of waiting behind it
        self.registry.enter_test_mode(self.cr)
        self.addCleanup(self.registry.leave_test_mode)
        report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, _type = report._render_qweb_pdf("sale_rma.action_report_rma_slip", rma.ids)
        self.assertTrue(pdf.startswith(b"%PDF"))

    def test_another_company_sees_nothing(self):
        rma = self.new_rma(self.delivered_order(), {self.belt: 1})
        other = self.env["res.company"].create({"name": "Boutique de Lyon"})
        lyon_user = new_test_user(
            self.env, "rma_lyon", groups="sale_rma.group_rma_manager", company_id=other.id, company_ids=[other.id]
        )
        self.assertFalse(self.env["sale.rma"].with_user(lyon_user).search([("id", "=", rma.id)]))
        with self.assertRaises(AccessError):
            rma.with_user(lyon_user).read(["name"])
