from collections import defaultdict

from odoo import _, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_is_zero


class SaleRmaProcess(models.TransientModel):
    _inherit = "sale.rma.process"

    def _line_values(self, line, warehouse):
        values = super()._line_values(line, warehouse)
        if line.outcome == "repair":
            # the goods go to the repair from the Returns location, not to stock
            values.update(repair=True, qty_restock=0.0)
        return values

    def _check(self):
        result = super()._check()
        for line in self.line_ids.filtered("repair"):
            product = line.product_id.display_name
            rounding = line.rma_line_id.uom_id.rounding or 0.01
            if line.exchange or not float_is_zero(line.qty_refund, precision_rounding=rounding):
                raise UserError(
                    _("%s: a product is refunded, exchanged or repaired, only one of them: split the return.", product)
                )
            if not float_is_zero(line.qty_restock, precision_rounding=rounding):
                raise UserError(_("%s: the goods go to the repair, then back to the customer: none to stock.", product))
            if float_is_zero(line.qty_received, precision_rounding=rounding):
                raise UserError(_("%s: nothing was received to repair.", product))
        if self.line_ids.filtered("repair") and not self.rma_id.warehouse_id.repair_type_id:
            raise UserError(_("The warehouse %s has no repair operation type.", self.rma_id.warehouse_id.display_name))
        return result

    def _process_outcomes(self):
        result = super()._process_outcomes()
        self._repair()
        return result

    def _repair(self):
        """A repair order per product repaired (per serial or lot for tracked
        products) and per reception, for the goods waiting in the Returns location;
        the repaired goods go back to the customer from there."""
        rma = self.rma_id
        location = rma._rma_location()
        vals_list = []
        for line in self.line_ids.filtered("repair"):
            rma_line = line.rma_line_id
            received = defaultdict(float)  # (reception, lot) -> quantity
            for move in rma.picking_ids.move_ids:
                if (
                    move.state == "done"
                    and move.location_dest_id == location
                    and move.origin_returned_move_id.sale_line_id == rma_line.order_line_id
                ):
                    for move_line in move.move_line_ids:
                        received[move.picking_id, move_line.lot_id] += move_line.quantity
            notes = [rma_line.reason_id.name, rma_line.comment, rma.customer_comment]
            for (reception, lot), quantity in received.items():
                vals_list.append(
                    {
                        "company_id": rma.company_id.id,
                        "picking_type_id": rma.warehouse_id.repair_type_id.id,
                        "partner_id": rma.partner_id.id,
                        "picking_id": reception.id,
                        "product_id": rma_line.product_id.id,
                        "product_qty": quantity,
                        "product_uom": rma_line.uom_id.id,
                        "lot_id": lot.id,
                        "product_location_src_id": location.id,
                        "product_location_dest_id": location.id,
                        "rma_id": rma.id,
                        "rma_line_id": rma_line.id,
                        "internal_notes": " — ".join(note for note in notes if note) or False,
                    }
                )
            rma_line.outcome = "repair"
        if not vals_list:
            return
        repairs = self.env["repair.order"].create(vals_list)
        repairs._action_repair_confirm()
        rma.message_post(
            body=_(
                "Sent to repair: %(repairs)s. The goods go back to the customer once repaired.",
                repairs=", ".join(repairs.mapped(lambda r: r._get_html_link())),
            )
        )


class SaleRmaProcessLine(models.TransientModel):
    _inherit = "sale.rma.process.line"

    repair = fields.Boolean(help="Repaired, then sent back to the customer: neither refunded nor restocked.")

    def _stays_delivered(self):
        # the customer gets the goods back once repaired
        return super()._stays_delivered() or self.repair
