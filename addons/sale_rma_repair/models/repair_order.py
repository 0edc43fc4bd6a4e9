from collections import defaultdict

from odoo import _, fields, models
from odoo.tools import float_is_zero


class RepairOrder(models.Model):
    _inherit = "repair.order"

    rma_id = fields.Many2one("sale.rma", "Customer return", index="btree_not_null", copy=False, readonly=True)
    rma_line_id = fields.Many2one("sale.rma.line", "Customer return line", copy=False, readonly=True)

    def action_repair_done(self):
        result = super().action_repair_done()
        returned = self.filtered("rma_id")
        if returned:
            returned._rma_send_back()
        return result

    def action_repair_cancel(self):
        result = super().action_repair_cancel()
        # the repair staff may have no rights on returns: the return's chatter only
        for repair in self.filtered("rma_id"):
            repair.rma_id.sudo().message_post(
                body=_(
                    "%(repair)s was cancelled: the goods wait in the Returns location until it is repaired.",
                    repair=repair._get_html_link(),
                )
            )
        return result

    def _rma_send_back(self):
        """The repaired goods go back to the customer: Odoo's return of the reception
        they came by, from the Returns location, for the quantities (and lots)
        repaired. The order is left as it was (nothing to invoice nor refund): the
        customer keeps the goods they bought."""
        by_rma = defaultdict(lambda: self.browse())
        for repair in self:
            by_rma[repair.rma_id] |= repair
        for rma, repairs in by_rma.items():
            pickings = self.env["stock.picking"]
            for reception, picking_repairs in repairs.grouped("picking_id").items():
                pickings |= picking_repairs._rma_return_of(reception)
            pickings.sudo().write({"rma_id": rma.id})
            # the repair staff (Inventory rights) need none on returns: only the
            # return's chatter and state follow
            rma.sudo()._on_repairs_done(repairs, pickings)

    def _rma_return_of(self, reception):
        wizard = self.env["stock.return.picking"].create({"picking_id": reception.id})
        # sale lines stay out of the chatter: the return line is read as the system
        lines = {repair: repair.sudo().rma_line_id.order_line_id for repair in self}
        wanted = defaultdict(float)  # return line -> quantity
        lots = defaultdict(list)  # return line -> [(lot, quantity)]
        for repair in self:
            left = repair.product_qty
            for return_line in wizard.product_return_moves:
                move = return_line.move_id
                if move.product_id != repair.product_id or move.sale_line_id != lines[repair]:
                    continue
                take = min(left, move.quantity - wanted[return_line])
                if take > 0:
                    wanted[return_line] += take
                    left -= take
                    if repair.lot_id:
                        lots[return_line].append((repair.lot_id, take))
        for return_line in wizard.product_return_moves:
            return_line.quantity = wanted[return_line]
            # the customer keeps what they bought: the order's delivered quantity stays
            return_line.to_refund = False
        # Odoo's return unreserves what earlier returns of the reception reserved:
        # the goods repaired before keep their serials
        earlier = {
            move: [(line.lot_id, line.quantity) for line in move.move_line_ids if line.lot_id]
            for move in reception.move_ids.move_dest_ids
            if move.state not in ("done", "cancel") and move.location_dest_id.usage == "customer"
        }
        picking = wizard._create_return()
        rma = self.rma_id.sudo()
        picking.write({"origin": f"{rma.name} ({', '.join(self.mapped('name'))})"})
        for move in picking.move_ids:
            chosen = next(
                (chosen for line, chosen in lots.items() if line.move_id == move.origin_returned_move_id), None
            )
            if chosen:
                # the serials repaired, not whichever of them waits in the Returns location
                self._rma_reserve_lots(move, chosen)
        for move, chosen in earlier.items():
            if chosen and [(line.lot_id, line.quantity) for line in move.move_line_ids] != chosen:
                self._rma_reserve_lots(move, chosen)
        return picking

    def _rma_reserve_lots(self, move, chosen):
        move._do_unreserve()
        for lot, quantity in chosen:
            if float_is_zero(quantity, precision_rounding=move.product_uom.rounding):
                continue
            self.env["stock.move.line"].create(
                {
                    "move_id": move.id,
                    "picking_id": move.picking_id.id,
                    "product_id": move.product_id.id,
                    "product_uom_id": move.product_uom.id,
                    "lot_id": lot.id,
                    "quantity": quantity,
                    "location_id": move.location_id.id,
                    "location_dest_id": move.location_dest_id.id,
                }
            )
