from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.sale_rma.tests.common import RmaCase


@tagged("post_install", "-at_install")
class TestRmaRepair(RmaCase, TransactionCase):
    """A returned product repaired with Odoo's repair and sent back to the customer:
    no credit note, the order as it was, the return following its repairs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_rma()
        # the repair staff: Inventory rights only, none on returns
        cls.repairer = new_test_user(cls.env, "rma_repairer", groups="stock.group_stock_user")
        cls.returns = cls.warehouse._rma_return_location()

    def repaired_rma(self, order, quantities):
        rma = self.new_rma(order, quantities, outcome="repair")
        rma.action_accept()
        self.receive(rma, user=self.warehouse_user)
        self.assertEqual(rma.state, "processing")
        return rma

    def repair(self, repairs, user=None):
        repairs = repairs.with_user(user or self.repairer)
        repairs.action_repair_start()
        repairs.action_repair_end()

    def sent_back(self, rma):
        return rma.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")

    def test_repair_is_offered_with_this_addon(self):
        self.assertIn("repair", dict(self.env["sale.rma.line"]._rma_outcomes()))

    def test_processing_makes_a_repair_order_and_the_goods_go_back_when_done(self):
        order = self.delivered_order()
        rma = self.repaired_rma(order, {self.shoes: 1})
        reception = rma.picking_ids
        form = self.process(rma)
        line = form.line_ids.edit(0)
        self.assertTrue(line.repair, "as the customer asked")
        self.assertEqual((line.qty_restock, line.qty_refund), (0.0, 0.0))
        self.assertEqual(form.amount_total, 0.0, "nothing refunded for a repaired product")
        stock_before = self.qty(self.shoes, self.stock)
        form.save().action_complete()

        self.assertEqual(rma.state, "repair")
        self.assertFalse(rma.refund_ids)
        repair = rma.repair_ids
        self.assertEqual(len(repair), 1)
        self.assertEqual(repair.state, "confirmed")
        self.assertEqual((repair.product_id, repair.product_qty), (self.shoes, 1.0))
        self.assertEqual(repair.partner_id, self.customer)
        self.assertEqual(repair.picking_id, reception, "Odoo's link of a repair to the return it came by")
        self.assertEqual(reception.repair_ids, repair)
        self.assertEqual(repair.product_location_src_id, self.returns)
        self.assertEqual(repair.rma_line_id, rma.line_ids)
        self.assertEqual(rma.line_ids.repair_ids, repair)
        self.assertEqual(self.qty(self.shoes, self.stock), stock_before, "not restocked")
        self.assertEqual(order.order_line[0].qty_delivered, 3.0)
        self.assertFalse(self.sent_back(rma), "nothing leaves before the repair is done")

        with self.assertRaises(AccessError):
            rma.with_user(self.repairer).read(["name"])
        self.repair(repair)
        self.assertEqual(repair.state, "done")
        self.assertEqual(rma.state, "done")
        delivery = self.sent_back(rma)
        self.assertEqual(delivery.return_id, reception, "Odoo's return of the reception")
        self.assertEqual(delivery.partner_id, self.customer)
        self.assertEqual(delivery.location_id, self.returns)
        self.assertEqual(delivery.location_dest_id.usage, "customer")
        self.assertEqual((delivery.move_ids.product_id, delivery.move_ids.product_uom_qty), (self.shoes, 1.0))
        self.assertEqual(delivery.state, "assigned")
        self.assertIn("Repaired", " ".join(rma.message_ids.mapped("body")))

        self.validate(delivery.with_user(self.warehouse_user))
        self.assertEqual(delivery.state, "done")
        self.assertEqual(self.qty(self.shoes, self.returns), 0.0)
        shoes_line = order.order_line[0]
        self.assertEqual((shoes_line.qty_delivered, shoes_line.qty_invoiced), (3.0, 3.0), "the customer keeps them")
        self.assertNotEqual(order.invoice_status, "to invoice")
        with self.assertRaises(UserError):
            order._create_invoices()
        self.assertFalse(rma.refund_ids)
        self.assertEqual(shoes_line._rma_returnable_qty(), 3.0, "the customer has their three pairs again")

    def test_each_serial_its_repair_and_back_once_repaired(self):
        watch = self.env["product.product"].create(
            {"name": "Montre", "is_storable": True, "tracking": "serial", "list_price": 80.0, "taxes_id": self.tax.ids}
        )
        serials = self.env["stock.lot"].create([{"name": name, "product_id": watch.id} for name in ("M-1", "M-2")])
        for serial in serials:
            self.env["stock.quant"]._update_available_quantity(watch, self.stock, 1, lot_id=serial)
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [Command.create({"product_id": watch.id, "product_uom_qty": 2})],
            }
        )
        order.action_confirm()
        self.assertEqual(order.picking_ids.move_line_ids.lot_id, serials)
        order.picking_ids.move_ids.picked = True
        order.picking_ids.button_validate()
        order._create_invoices().action_post()
        rma = self.new_rma(order, {watch: 2}, outcome="repair")
        rma.action_accept()
        reception = rma.picking_ids
        self.assertEqual(reception.move_line_ids.lot_id, serials, "the serials delivered come back")
        self.receive(rma, user=self.warehouse_user)
        self.process(rma).save().action_complete()
        repairs = rma.repair_ids
        self.assertEqual(repairs.mapped("lot_id"), serials)
        self.assertEqual(repairs.mapped("product_qty"), [1.0, 1.0])
        second = repairs.filtered(lambda r: r.lot_id == serials[1])
        self.repair(second)
        self.assertEqual(rma.state, "repair", "the other watch is still being repaired")
        delivery = self.sent_back(rma)
        self.assertEqual(delivery.move_line_ids.lot_id, serials[1], "the watch repaired, not the other one")
        self.repair(repairs - second)
        self.assertEqual(rma.state, "done")
        self.assertEqual(len(self.sent_back(rma)), 2, "each watch leaves once repaired")
        self.assertEqual(delivery.move_line_ids.lot_id, serials[1], "the first one keeps its serial")
        self.assertEqual(self.sent_back(rma).move_line_ids.lot_id, serials)
        self.validate(self.sent_back(rma).with_user(self.warehouse_user))
        self.assertEqual(self.qty(watch, self.returns), 0.0)
        self.assertEqual(order.order_line.qty_delivered, 2.0)

    def test_refunded_or_repaired_not_both(self):
        order = self.delivered_order()
        rma = self.repaired_rma(order, {self.shoes: 1})
        for values, message in (
            ({"qty_refund": 1.0}, "only one of them"),
            ({"exchange": True, "exchange_product_id": self.belt}, "only one of them"),
            ({"qty_restock": 1.0}, "none to stock"),
        ):
            wizard = self.process(rma, lines={0: values}).save()
            with self.assertRaises(UserError) as caught:
                wizard.action_complete()
            self.assertIn(message, str(caught.exception))
            self.assertEqual(rma.state, "processing")
            self.assertFalse(rma.sudo().repair_ids)
            self.assertFalse(rma.refund_ids)
            self.assertEqual(self.qty(self.shoes, self.returns), 1.0)

    def test_a_refund_waits_for_the_repair_and_then_the_accountant(self):
        order = self.delivered_order()
        rma = self.new_rma(order, {self.shoes: 1, self.belt: 1})
        rma.line_ids.filtered(lambda l: l.product_id == self.shoes).outcome = "repair"
        rma.action_accept()
        self.receive(rma)
        form = self.process(rma, user=self.rma_clerk)
        self.assertAlmostEqual(form.amount_total, 60.0, msg="the belt only")
        form.save().action_complete()
        self.assertEqual(rma.state, "repair")
        refund = rma.refund_ids
        self.assertEqual(refund.state, "draft")
        self.assertEqual(refund.invoice_line_ids.product_id, self.belt, "nothing refunded for the shoes")
        self.repair(rma.repair_ids)
        self.assertEqual(rma.state, "refund", "repaired; the credit note waits for the accountant")
        refund.with_user(self.accountant).action_post()
        self.assertEqual(rma.state, "done")
        shoes_line, belt_line = order.order_line[:2]
        self.assertEqual((shoes_line.qty_delivered, shoes_line.qty_invoiced), (3.0, 3.0))
        self.assertEqual((belt_line.qty_delivered, belt_line.qty_invoiced), (1.0, 1.0))

    def test_a_posted_credit_note_meanwhile_waits_for_the_repair(self):
        order = self.delivered_order()
        rma = self.new_rma(order, {self.shoes: 1, self.belt: 1})
        rma.line_ids.filtered(lambda l: l.product_id == self.shoes).outcome = "repair"
        rma.action_accept()
        self.receive(rma)
        self.process(rma, user=self.rma_clerk).save().action_complete()
        rma.refund_ids.with_user(self.accountant).action_post()
        self.assertEqual(rma.state, "repair", "the shoes are still being repaired")
        self.repair(rma.repair_ids)
        self.assertEqual(rma.state, "done")

    def test_a_cancelled_repair_is_told_on_the_return(self):
        rma = self.repaired_rma(self.delivered_order(), {self.shoes: 1})
        self.process(rma).save().action_complete()
        rma.repair_ids.with_user(self.repairer).action_repair_cancel()
        self.assertEqual(rma.state, "repair", "the goods are still with the shop")
        self.assertIn("was cancelled", rma.message_ids[0].body)
        self.assertFalse(self.sent_back(rma))

    def test_rights_on_repairs(self):
        order = self.delivered_order()
        order.user_id = self.salesman
        rma = self.repaired_rma(order, {self.shoes: 1})
        # a returns user without Inventory rights cannot exist: the role implies them
        self.assertTrue(self.rma_clerk.has_group("stock.group_stock_user"))
        self.process(rma, user=self.rma_clerk).save().action_complete()
        repair = rma.repair_ids
        self.assertEqual(repair.with_user(self.repairer).rma_id.display_name, rma.name)
        with self.assertRaises(AccessError):
            rma.with_user(self.salesman).read(["repair_ids"])
        self.assertIn(rma, self.env["sale.rma"].with_user(self.salesman).search([]), "the return, not its repairs")
        with self.assertRaises(AccessError):
            repair.with_user(self.salesman).read(["name"])
        if "qualirepar_product_type_id" in repair._fields:
            # repair_qualirepar lets accountants read the repairs its claims and
            # invoices come from; this addon widens nothing
            self.assertTrue(repair.with_user(self.accountant).read(["name"]))
        else:
            with self.assertRaises(AccessError):
                repair.with_user(self.accountant).read(["name"])
        portal = new_test_user(self.env, "rma_repair_portal", groups="base.group_portal")
        with self.assertRaises(AccessError):
            repair.with_user(portal).read(["name"])
        other = self.env["res.company"].create({"name": "Boutique de Lyon"})
        lyon = new_test_user(
            self.env, "rma_repair_lyon", groups="stock.group_stock_user", company_id=other.id, company_ids=[other.id]
        )
        self.assertFalse(self.env["repair.order"].with_user(lyon).search([("id", "=", repair.id)]))
