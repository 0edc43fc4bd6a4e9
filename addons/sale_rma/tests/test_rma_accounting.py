from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, TransactionCase, tagged
from odoo.tools.safe_eval import safe_eval

from .common import RmaCase


# after every module's install, as TestRmaFlow: the company's chart of accounts
# (and its tax groups) comes once the registry is loaded
@tagged("post_install", "-at_install")
class TestRmaAccounting(RmaCase, TransactionCase):
    """A return as the shop's accountant checks it: VAT on every line of the credit
    note, the credit note reversing the invoice and settling it, the order's
    delivered and invoiced quantities in step, and the amounts within what came
    back and was invoiced."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_rma()

    def received_rma(self, order, quantities, outcome="refund"):
        rma = self.new_rma(order, quantities, outcome=outcome)
        rma.action_accept()
        self.receive(rma)
        self.assertEqual(rma.state, "processing")
        return rma

    def assert_books(self, move):
        """What an accountant looks at: balanced, every product line taxed, the
        tax lines worth 20 % of their base."""
        self.assertEqual(
            move.currency_id.compare_amounts(sum(move.line_ids.mapped("debit")), sum(move.line_ids.mapped("credit"))), 0
        )
        product_lines = move.invoice_line_ids.filtered(lambda l: l.display_type == "product")
        self.assertTrue(product_lines)
        for line in product_lines:
            self.assertEqual(line.tax_ids, self.tax, f"{line.name}: no line without its VAT")
        tax_lines = move.line_ids.filtered(lambda l: l.display_type == "tax")
        self.assertAlmostEqual(
            sum(tax_lines.mapped("balance")) * (1 if move.move_type == "out_refund" else -1), move.amount_tax
        )
        self.assertAlmostEqual(move.amount_tax, move.currency_id.round(move.amount_untaxed * 0.2))

    def invoice_of(self, order):
        return order.invoice_ids.filtered(lambda m: m.move_type == "out_invoice")

    # -- VAT and reversal -----------------------------------------------------------
    def test_credit_note_reverses_the_invoice_with_vat_on_every_line(self):
        order = self.delivered_order()
        invoice = self.invoice_of(order)
        self.assertEqual(invoice.amount_total, 3 * 120.0 + 2 * 60.0 + 7.2)
        rma = self.received_rma(order, {self.shoes: 2, self.belt: 1})
        form = self.process(rma, refund_shipping=True, fees=5.0, adjustment=2.0)
        live_total = form.amount_total
        # 2 shoes 240 TTC, a belt 60, shipping 7.20, fees -5 and adjustment +2, all 20 % VAT
        self.assertAlmostEqual(live_total, 240.0 + 60.0 + 7.2 - 5.0 + 2.0)
        form.save().action_complete()

        refund = rma.refund_ids
        self.assertEqual(len(refund), 1)
        self.assertEqual(refund.state, "posted")
        self.assertEqual(refund.reversed_entry_id, invoice, "Odoo's reversal of the invoice")
        self.assertAlmostEqual(refund.amount_total, live_total, msg="the credit note says what the wizard said")
        self.assert_books(refund)
        for line in refund.invoice_line_ids.filtered("sale_line_ids"):
            original = invoice.invoice_line_ids.filtered(lambda l, line=line: l.sale_line_ids == line.sale_line_ids)
            self.assertEqual(line.account_id, original.account_id, "reversed on the invoice's income account")
        fees = refund.invoice_line_ids.filtered(lambda l: "Return fees" in l.name)
        self.assertAlmostEqual(fees.price_unit, -4.17, msg="5.00 tax included")
        self.assertAlmostEqual(fees.price_total, -5.0)
        # reconciled with the open invoice: what the customer still owes drops by the credit note
        self.assertEqual(refund.payment_state, "paid")
        self.assertAlmostEqual(invoice.amount_residual, invoice.amount_total - refund.amount_total)
        self.assertEqual(invoice.payment_state, "partial")
        self.assertEqual(rma.state, "done")

        # the order: delivered and invoiced in step, nothing left to invoice or refund
        shoes_line, belt_line, shipping_line = order.order_line[:3]
        self.assertEqual((shoes_line.qty_delivered, shoes_line.qty_invoiced), (1.0, 1.0))
        self.assertEqual((belt_line.qty_delivered, belt_line.qty_invoiced), (1.0, 1.0))
        self.assertEqual(shipping_line.qty_to_invoice, 0.0)
        self.assertNotEqual(order.invoice_status, "to invoice")
        with self.assertRaises(UserError):
            order._create_invoices()
        self.assertEqual(order.invoice_ids, invoice | refund, "invoicing the order again refunds nothing")

    def test_a_paid_invoice_is_left_alone_and_the_credit_note_stays_open(self):
        order = self.delivered_order()
        invoice = self.invoice_of(order)
        self.env["account.payment.register"].with_context(active_model="account.move", active_ids=invoice.ids).create(
            {}
        )._create_payments()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        rma = self.received_rma(order, {self.belt: 1})
        self.process(rma).save().action_complete()
        self.assertEqual(rma.refund_ids.reversed_entry_id, invoice)
        self.assertEqual(rma.refund_ids.payment_state, "not_paid", "owed to the customer, to pay back")
        self.assertAlmostEqual(rma.refund_ids.amount_residual, 60.0)

    def test_invoiced_on_delivered_quantities_too(self):
        self.shoes.invoice_policy = "delivery"
        order = self.delivered_order()
        rma = self.received_rma(order, {self.shoes: 1})
        self.assertNotEqual(order.invoice_status, "to invoice")
        self.process(rma).save().action_complete()
        self.assertEqual((order.order_line[0].qty_delivered, order.order_line[0].qty_invoiced), (2.0, 2.0))
        self.assertNotEqual(order.invoice_status, "to invoice")
        with self.assertRaises(UserError):
            order._create_invoices()

    def test_the_reception_leaves_the_order_as_it_was(self):
        order = self.delivered_order()
        self.received_rma(order, {self.shoes: 2})
        self.assertEqual(order.order_line[0].qty_delivered, 3.0)
        self.assertNotEqual(order.invoice_status, "to invoice")
        with self.assertRaises(UserError):
            order._create_invoices()

    def test_cheaper_replacement_credits_the_difference_with_its_vat(self):
        order = self.delivered_order()
        rma = self.new_rma(order, {self.shoes: 1}, outcome="exchange")
        rma.line_ids.exchange_product_id = self.belt
        rma.action_accept()
        self.receive(rma)
        form = self.process(rma)
        self.assertAlmostEqual(form.amount_total, 60.0)
        form.save().action_complete()
        refund = rma.refund_ids
        self.assertAlmostEqual(refund.amount_total, 60.0)
        self.assertEqual(refund.reversed_entry_id, self.invoice_of(order))
        self.assert_books(refund)
        self.assertEqual(order.order_line[0].qty_delivered, 3.0, "the replacement is delivered in its place")
        self.assertFalse(refund.invoice_line_ids.sale_line_ids, "no product given back: the order is unchanged")
        self.assertNotEqual(order.invoice_status, "to invoice")

    def test_dearer_replacement_no_tax_free_line_anywhere(self):
        order = self.delivered_order()
        rma = self.new_rma(order, {self.belt: 1}, outcome="exchange")
        rma.line_ids.exchange_product_id = self.boots
        rma.action_accept()
        self.receive(rma)
        self.process(rma).save().action_complete()
        self.assertFalse(rma.refund_ids, "the customer owes the difference")
        surcharge = order.order_line.filtered(lambda l: rma.name in l.name)
        self.assertEqual(surcharge.tax_id, self.tax)
        self.assertAlmostEqual(surcharge.price_total, 156.0 - 60.0)
        self.assertFalse(order.order_line.filtered(lambda l: not l.tax_id), "no tax-free line on the order")
        invoice = order._create_invoices()
        self.assertEqual(invoice.invoice_line_ids.product_id, surcharge.product_id, "only the difference is invoiced")
        invoice.action_post()
        self.assertAlmostEqual(invoice.amount_total, 96.0)
        self.assert_books(invoice)

    # -- amounts --------------------------------------------------------------------
    def assert_nothing_written(self, rma, stock_before):
        self.assertEqual(rma.state, "processing")
        self.assertFalse(rma.refund_ids)
        self.assertFalse(rma.picking_ids.filtered(lambda p: p.picking_type_code != "incoming"))
        self.assertEqual(self.qty(self.shoes, self.stock), stock_before)
        self.assertFalse(rma.line_ids.filtered("qty_off_order"))

    def test_never_more_than_received(self):
        order = self.delivered_order()
        rma = self.new_rma(order, {self.shoes: 2})
        rma.action_accept()
        reception = rma.picking_ids
        reception.move_ids.quantity = 1.0
        reception.move_ids.picked = True
        reception.with_context(cancel_backorder=True)._action_done()
        self.assertEqual(rma.state, "processing")
        self.assertEqual(rma.line_ids.qty_received, 1.0)
        stock_before = self.qty(self.shoes, self.stock)
        wizard = self.process(rma, lines={0: {"qty_refund": 2.0}}).save()
        with self.assertRaises(UserError) as caught:
            wizard.action_complete()
        self.assertIn("only 1.0 received", str(caught.exception))
        self.assert_nothing_written(rma, stock_before)

    def test_a_credit_note_made_meanwhile_is_not_refunded_again(self):
        order = self.delivered_order()
        invoice = self.invoice_of(order)
        rma = self.received_rma(order, {self.shoes: 1})
        # the accountant credits the whole invoice from Invoicing while the return is open
        self.env["account.move.reversal"].with_user(self.accountant).with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"journal_id": invoice.journal_id.id, "reason": "Geste commercial"}).refund_moves()
        stock_before = self.qty(self.shoes, self.stock)
        form = self.process(rma)
        self.assertEqual(form.line_ids.edit(0).qty_refundable, 0.0)
        self.assertEqual(form.line_ids.edit(0).qty_refund, 0.0, "already credited, even as a draft")
        with form.line_ids.edit(0) as line:
            line.qty_refund = 1.0
        with self.assertRaises(UserError) as caught:
            form.save().action_complete()
        self.assertIn("only 0.0 invoiced", str(caught.exception))
        self.assert_nothing_written(rma, stock_before)

    def test_one_order_line_once_per_return(self):
        order = self.delivered_order()
        shoes_line = order.order_line[0]
        with self.assertRaises(ValidationError) as caught:
            self.env["sale.rma"].with_user(self.rma_user).create(
                {
                    "order_id": order.id,
                    "line_ids": [
                        Command.create({"order_line_id": shoes_line.id, "quantity": 2}),
                        Command.create({"order_line_id": shoes_line.id, "quantity": 1}),
                    ],
                }
            )
        self.assertIn("appears twice", str(caught.exception))
        self.assertFalse(self.env["sale.rma"].search([("order_id", "=", order.id)]))

    def test_refunded_or_exchanged_not_both(self):
        order = self.delivered_order()
        rma = self.received_rma(order, {self.shoes: 1})
        stock_before = self.qty(self.shoes, self.stock)
        form = self.process(rma, lines={0: {"qty_refund": 1.0, "exchange": True, "exchange_product_id": self.belt}})
        with self.assertRaises(UserError) as caught:
            form.save().action_complete()
        self.assertIn("either refunded or exchanged", str(caught.exception))
        self.assert_nothing_written(rma, stock_before)

    def test_shipping_is_refunded_once_per_order(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["sale_rma"], ["fr_FR"], overwrite=True)
        order = self.delivered_order()
        first = self.received_rma(order, {self.shoes: 1})
        self.process(first, refund_shipping=True).save().action_complete()
        self.assertTrue(first.shipping_refunded)
        second = self.received_rma(order, {self.belt: 1})
        stock_before = self.qty(self.shoes, self.stock)
        wizard = self.process(second, refund_shipping=True).save()
        with self.assertRaises(UserError) as caught:
            wizard.with_context(lang="fr_FR").action_complete()
        self.assertIn(f"La livraison de {order.name} a déjà été remboursée par {first.name}", str(caught.exception))
        self.assert_nothing_written(second, stock_before)
        self.assertFalse(second.shipping_refunded)

    def test_adjustment_above_the_goods_value_is_the_managers(self):
        order = self.delivered_order()
        rma = self.received_rma(order, {self.belt: 1})
        stock_before = self.qty(self.shoes, self.stock)
        form = self.process(rma, adjustment=70.0)
        self.assertAlmostEqual(form.goods_value, 60.0)
        self.assertAlmostEqual(form.adjustment_limit, 60.0)
        with self.assertRaises(UserError) as caught:
            form.save().action_complete()
        self.assertIn("a returns manager decides", str(caught.exception))
        self.assert_nothing_written(rma, stock_before)
        self.env.company.rma_adjustment_limit_percent = 150.0
        self.assertAlmostEqual(self.process(rma, adjustment=70.0).adjustment_limit, 90.0, msg="the setting is data")
        self.env.company.rma_adjustment_limit_percent = 100.0
        self.manager_invoices()
        form = self.process(rma, user=self.rma_manager, adjustment=70.0)
        form.save().action_complete()
        self.assertAlmostEqual(rma.refund_ids.amount_total, 130.0)
        self.assert_books(rma.refund_ids)

    def manager_invoices(self):
        self.rma_manager.groups_id += self.env.ref("account.group_account_invoice")

    # -- stock ----------------------------------------------------------------------
    def test_partial_reception_then_the_rest(self):
        order = self.delivered_order()
        rma = self.new_rma(order, {self.shoes: 2})
        rma.action_accept()
        reception = rma.picking_ids
        reception.move_ids.quantity = 1.0
        reception.move_ids.picked = True
        action = reception.with_user(self.warehouse_user).button_validate()
        Form.from_action(self.env(user=self.warehouse_user), action).save().process()
        backorder = rma.picking_ids - reception
        self.assertTrue(backorder, "the rest of the parcel is still awaited on the return")
        self.assertEqual(backorder.backorder_id, reception)
        self.assertEqual(rma.line_ids.qty_received, 1.0)
        self.assertEqual(rma.state, "accepted", "half the goods are still on their way")
        self.receive(rma, user=self.warehouse_user)
        self.assertEqual(backorder.state, "done")
        self.assertEqual(rma.state, "processing")
        self.assertEqual(rma.line_ids.qty_received, 2.0, "both receptions counted")
        stock_before = self.qty(self.shoes, self.stock)
        form = self.process(rma)
        self.assertEqual(form.line_ids.edit(0).qty_restock, 2.0)
        self.assertEqual(form.line_ids.edit(0).qty_refund, 2.0)
        form.save().action_complete()
        self.assertEqual(self.qty(self.shoes, self.stock), stock_before + 2, "both restocked")
        self.assertEqual(rma.refund_ids.invoice_line_ids.filtered(lambda l: l.product_id == self.shoes).quantity, 2.0)
        self.assertEqual((order.order_line[0].qty_delivered, order.order_line[0].qty_invoiced), (1.0, 1.0))
        # refunded once: a second return of the same shoes is refused
        self.assertEqual(order.order_line[0]._rma_returnable_qty(), 1.0)

    def test_goods_returned_before_invoicing_come_off_the_order(self):
        order = self.delivered_order(invoice=False)
        rma = self.received_rma(order, {self.shoes: 1})
        self.process(rma).save().action_complete()
        self.assertFalse(rma.refund_ids)
        self.assertEqual(order.order_line[0].qty_delivered, 2.0)
        invoice = order._create_invoices()
        self.assertEqual(invoice.invoice_line_ids.filtered(lambda l: l.product_id == self.shoes).quantity, 2.0)

    def test_no_fees_on_goods_never_invoiced(self):
        order = self.delivered_order(invoice=False)
        rma = self.received_rma(order, {self.shoes: 1})
        stock_before = self.qty(self.shoes, self.stock)
        with self.assertRaises(UserError) as caught:
            self.process(rma, fees=5.0).save().action_complete()
        self.assertIn("Nothing of this return was invoiced", str(caught.exception))
        self.assert_nothing_written(rma, stock_before)

    # -- rights ---------------------------------------------------------------------
    def test_without_invoicing_rights_the_credit_note_waits_for_the_accountant(self):
        order = self.delivered_order()
        rma = self.received_rma(order, {self.shoes: 1})
        form = self.process(rma, user=self.rma_clerk, fees=3.0)
        total = form.amount_total
        form.save().action_complete()
        refund = rma.refund_ids
        self.assertEqual(refund.state, "draft", "prepared, not posted")
        self.assertEqual(rma.state, "refund")
        self.assertEqual(refund.reversed_entry_id, self.invoice_of(order))
        self.assertAlmostEqual(refund.amount_total, total)
        self.assertEqual(order.order_line[0].qty_invoiced, 2.0, "a draft credit note counts on the order")
        self.assertEqual(rma.line_ids._rma_refundable_qty(), 2.0, "nor refunded again in the meantime")
        action = self.env.ref("sale_rma.account_move_action_rma_to_post")
        waiting = self.env["account.move"].with_user(self.accountant).search(safe_eval(action.domain))
        self.assertIn(refund, waiting)
        refund.with_user(self.accountant).action_post()
        self.assertEqual(refund.state, "posted")
        self.assertEqual(refund.payment_state, "paid", "reconciled with the open invoice")
        self.assertEqual(rma.state, "done")
        self.assertIn("Refunded", " ".join(rma.message_ids.mapped("body")))
        self.assert_books(refund)

    def test_a_warehouse_user_validates_the_transfers_of_a_return(self):
        order = self.delivered_order()
        rma = self.new_rma(order, {self.shoes: 1}, outcome="exchange")
        rma.line_ids.exchange_product_id = self.shoes
        rma.action_accept()
        self.receive(rma, user=self.warehouse_user)
        self.assertEqual(rma.state, "processing")
        self.process(rma).save().action_complete()
        delivery = rma.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")
        self.validate(delivery.with_user(self.warehouse_user))
        self.assertEqual(delivery.state, "done")
        self.assertEqual(rma.state, "done")
        self.assertEqual(order.order_line[0].qty_delivered, 3.0)
