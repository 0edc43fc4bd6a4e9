from collections import defaultdict

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero


class SaleRmaProcess(models.TransientModel):
    """The last step of a return: per product, what goes back to stock and where,
    what is refunded (only what was invoiced) and what is exchanged, plus the
    shipping refund, the fees kept and an adjustment; the total refunded follows
    every change."""

    _name = "sale.rma.process"
    _description = "Process a customer return"

    rma_id = fields.Many2one("sale.rma", required=True, readonly=True)
    currency_id = fields.Many2one(related="rma_id.currency_id")
    line_ids = fields.One2many(
        "sale.rma.process.line", "wizard_id", compute="_compute_line_ids", store=True, readonly=False
    )
    refund_shipping = fields.Boolean("Refund the shipping")
    shipping_amount = fields.Monetary("Shipping invoiced", compute="_compute_shipping_amount")
    fees = fields.Monetary("Refund fees", help="Kept from the refund, tax included.")
    adjustment = fields.Monetary("Refund adjustment", help="Added to the refund (negative: deducted), tax included.")
    carrier_id = fields.Many2one(
        "delivery.carrier",
        "Shipping method",
        compute="_compute_carrier_id",
        store=True,
        readonly=False,
        help="For the exchanged products.",
    )
    has_exchange = fields.Boolean(compute="_compute_total")
    amount_total = fields.Monetary("Total refunded", compute="_compute_total")

    @api.depends("rma_id")
    def _compute_line_ids(self):
        for wizard in self:
            commands = [Command.clear()]
            warehouse = wizard.rma_id.warehouse_id
            for line in wizard.rma_id.line_ids:
                refundable = line._rma_refundable_qty()
                received = line.qty_received
                commands.append(
                    Command.create(
                        {
                            "rma_line_id": line.id,
                            "qty_restock": received,
                            "location_dest_id": warehouse.lot_stock_id.id,
                            "qty_refund": min(received, refundable) if line.outcome == "refund" else 0.0,
                            "exchange": line.outcome == "exchange",
                            "exchange_product_id": line.exchange_product_id.id
                            or (line.outcome == "exchange" and line.product_id.id),
                        }
                    )
                )
            wizard.line_ids = commands

    @api.depends("rma_id")
    def _compute_carrier_id(self):
        for wizard in self:
            wizard.carrier_id = wizard.rma_id.carrier_id

    @api.depends("rma_id")
    def _compute_shipping_amount(self):
        for wizard in self:
            wizard.shipping_amount = sum(line.price_total for line in wizard.rma_id._rma_shipping_invoice_lines())

    @api.depends("line_ids.subtotal", "line_ids.exchange", "refund_shipping", "fees", "adjustment")
    def _compute_total(self):
        for wizard in self:
            total = sum(wizard.line_ids.mapped("subtotal")) + wizard.adjustment - wizard.fees
            if wizard.refund_shipping:
                total += wizard.shipping_amount
            wizard.amount_total = total
            wizard.has_exchange = any(wizard.line_ids.mapped("exchange"))

    def _check(self):
        rma = self.rma_id
        if rma.state != "processing":
            raise UserError(_("%s: the goods must be received before the return is processed.", rma.name))
        for line in self.line_ids:
            product = line.product_id.display_name
            rounding = line.rma_line_id.uom_id.rounding or 0.01
            if min(line.qty_restock, line.qty_refund) < 0 or self.fees < 0:
                raise UserError(_("%s: quantities and fees cannot be negative.", product))
            if float_compare(line.qty_restock, line.qty_received, precision_rounding=rounding) > 0:
                raise UserError(
                    _(
                        "%(product)s: %(restock)s to put back in stock, only %(received)s received.",
                        product=product,
                        restock=line.qty_restock,
                        received=line.qty_received,
                    )
                )
            if float_compare(line.qty_refund, line.qty_refundable, precision_rounding=rounding) > 0:
                raise UserError(
                    _(
                        "%(product)s: %(refund)s to refund, but only %(invoiced)s invoiced and not refunded yet. "
                        "Invoice the order first or refund less.",
                        product=product,
                        refund=line.qty_refund,
                        invoiced=line.qty_refundable,
                    )
                )
            if line.exchange and not line.exchange_product_id:
                raise UserError(_("%s: choose the product sent in exchange.", product))
        if self.currency_id.compare_amounts(self.amount_total, 0.0) < 0:
            raise UserError(_("The refund cannot be negative: lower the fees or the adjustment."))

    def action_complete(self):
        self.ensure_one()
        self._check()
        rma = self.rma_id
        self._restock()
        difference = self._exchange()
        refund = self._refund(difference)
        rma._set_state("done")
        if refund:
            rma.message_post(
                body=_(
                    "Refunded %(amount)s by %(refund)s.",
                    amount=self.currency_id.format(refund.amount_total),
                    refund=refund._get_html_link(),
                )
            )
        return {"type": "ir.actions.act_window_close"}

    def _restock(self):
        """Internal transfers from the Returns location to each chosen location,
        validated at once: one transfer per destination."""
        rma = self.rma_id
        source = rma._rma_location()
        by_destination = defaultdict(list)
        for line in self.line_ids.filtered(lambda l: not float_is_zero(l.qty_restock, precision_digits=6)):
            by_destination[line.location_dest_id].append(line)
        picking_type = rma.warehouse_id.int_type_id
        for destination, lines in by_destination.items():
            picking = self.env["stock.picking"].create(
                {
                    "picking_type_id": picking_type.id,
                    "location_id": source.id,
                    "location_dest_id": destination.id,
                    "origin": rma.name,
                    "rma_id": rma.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": rma.name,
                                "product_id": line.product_id.id,
                                "product_uom_qty": line.qty_restock,
                                "product_uom": line.rma_line_id.uom_id.id,
                                "location_id": source.id,
                                "location_dest_id": destination.id,
                                "picked": True,
                                # what moves is known: no reservation to compute
                                "move_line_ids": [
                                    Command.create(
                                        {
                                            "product_id": line.product_id.id,
                                            "product_uom_id": line.rma_line_id.uom_id.id,
                                            "quantity": line.qty_restock,
                                            "location_id": source.id,
                                            "location_dest_id": destination.id,
                                            "picked": True,
                                        }
                                    )
                                ],
                            }
                        )
                        for line in lines
                    ],
                }
            )
            picking.action_confirm()
            picking.with_context(skip_backorder=True, cancel_backorder=True, skip_sms=True).button_validate()
            rma.message_post(
                body=_(
                    "Back in stock (%(location)s): %(products)s.",
                    location=destination.display_name,
                    products=", ".join(f"{line.qty_restock:g} × {line.product_id.display_name}" for line in lines),
                )
            )

    def _exchange(self):
        """The replacement products leave to the customer; returns the price
        difference, tax included (positive: owed to the customer)."""
        rma = self.rma_id
        lines = self.line_ids.filtered("exchange")
        if not lines:
            return 0.0
        warehouse = rma.warehouse_id
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": warehouse.out_type_id.id,
                "partner_id": rma.partner_shipping_id.id or rma.partner_id.id,
                "location_id": warehouse.lot_stock_id.id,
                "location_dest_id": self.env.ref("stock.stock_location_customers").id,
                "origin": rma.name,
                "rma_id": rma.id,
                "carrier_id": self.carrier_id.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": rma.name,
                            "product_id": line.exchange_product_id.id,
                            "product_uom_qty": line.rma_line_id.quantity,
                            "product_uom": line.exchange_product_id.uom_id.id,
                            "location_id": warehouse.lot_stock_id.id,
                            "location_dest_id": self.env.ref("stock.stock_location_customers").id,
                            "partner_id": rma.partner_shipping_id.id or rma.partner_id.id,
                        }
                    )
                    for line in lines
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        difference = sum(line._exchange_difference() for line in lines)
        rma.message_post(
            body=_(
                "Exchange sent by %(picking)s: %(products)s.",
                picking=picking._get_html_link(),
                products=", ".join(
                    f"{line.rma_line_id.quantity:g} × {line.exchange_product_id.display_name}" for line in lines
                ),
            )
        )
        if self.currency_id.compare_amounts(difference, 0.0) < 0:
            # the replacement costs more: the customer pays the difference on the order
            rma.order_id.order_line = [
                Command.create(
                    {
                        "product_id": rma.company_id._rma_fee_product().id,
                        "name": _("Exchange price difference (%s)", rma.name),
                        "product_uom_qty": 1,
                        "price_unit": -difference,
                        "tax_id": [Command.clear()],
                    }
                )
            ]
            return 0.0
        return difference

    def _refund(self, exchange_difference):
        rma = self.rma_id
        order = rma.order_id
        fee_product = rma.company_id._rma_fee_product()
        lines = []
        for line in self.line_ids.filtered(lambda l: not float_is_zero(l.qty_refund, precision_digits=6)):
            invoice_line = line.rma_line_id._rma_invoice_line()
            lines.append(
                Command.create(
                    {
                        "product_id": line.product_id.id,
                        "name": invoice_line.name or line.product_id.display_name,
                        "quantity": line.qty_refund,
                        "product_uom_id": invoice_line.product_uom_id.id or line.rma_line_id.uom_id.id,
                        "price_unit": invoice_line.price_unit,
                        "discount": invoice_line.discount,
                        "tax_ids": [Command.set(invoice_line.tax_ids.ids)],
                        "sale_line_ids": [Command.link(line.rma_line_id.order_line_id.id)],
                    }
                )
            )
        if self.refund_shipping:
            for invoice_line in rma._rma_shipping_invoice_lines():
                lines.append(
                    Command.create(
                        {
                            "product_id": invoice_line.product_id.id,
                            "name": invoice_line.name,
                            "quantity": invoice_line.quantity,
                            "price_unit": invoice_line.price_unit,
                            "discount": invoice_line.discount,
                            "tax_ids": [Command.set(invoice_line.tax_ids.ids)],
                        }
                    )
                )
        # fees, adjustment and exchange difference are amounts tax included: lines without tax
        for label, amount in (
            (_("Return fees"), -self.fees),
            (_("Refund adjustment"), self.adjustment),
            (_("Exchange price difference"), exchange_difference),
        ):
            if not self.currency_id.is_zero(amount):
                lines.append(
                    Command.create(
                        {
                            "product_id": fee_product.id,
                            "name": f"{label} ({rma.name})",
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                )
        if not lines:
            return self.env["account.move"]
        # the returns staff refund within what this wizard checked, without invoicing rights
        refund = (
            self.env["account.move"]
            .sudo()
            .create(
                {
                    "move_type": "out_refund",
                    "partner_id": order.partner_invoice_id.id,
                    "currency_id": order.currency_id.id,
                    "company_id": rma.company_id.id,
                    "invoice_origin": f"{order.name}, {rma.name}",
                    "ref": _("Return %s", rma.name),
                    "fiscal_position_id": order.fiscal_position_id.id,
                    "invoice_payment_term_id": order.payment_term_id.id,
                    "rma_id": rma.id,
                    "invoice_line_ids": lines,
                }
            )
        )
        if refund.currency_id.compare_amounts(refund.amount_total, 0.0) <= 0:
            raise UserError(_("The refund comes to nothing or less: lower the fees or the adjustment."))
        refund.action_post()
        return refund


class SaleRmaProcessLine(models.TransientModel):
    _name = "sale.rma.process.line"
    _description = "Process a customer return: product"

    wizard_id = fields.Many2one("sale.rma.process", required=True, ondelete="cascade")
    currency_id = fields.Many2one(related="wizard_id.currency_id")
    rma_line_id = fields.Many2one("sale.rma.line", required=True)
    product_id = fields.Many2one(related="rma_line_id.product_id")
    reason_id = fields.Many2one(related="rma_line_id.reason_id")
    outcome = fields.Selection(related="rma_line_id.outcome")
    comment = fields.Char(related="rma_line_id.comment")
    quantity = fields.Float(related="rma_line_id.quantity", string="Returned")
    qty_received = fields.Float(related="rma_line_id.qty_received")
    qty_restock = fields.Float("To stock", digits="Product Unit of Measure")
    location_dest_id = fields.Many2one(
        "stock.location", "Back to", domain="[('usage', '=', 'internal'), ('rma_returns', '=', False)]"
    )
    qty_refundable = fields.Float("Refundable", compute="_compute_refund", digits="Product Unit of Measure")
    price_paid = fields.Monetary("Price paid", compute="_compute_refund", help="Per unit, tax included.")
    qty_refund = fields.Float("To refund", digits="Product Unit of Measure")
    subtotal = fields.Monetary("Refunded", compute="_compute_refund")
    exchange = fields.Boolean()
    exchange_product_id = fields.Many2one("product.product", "Exchange for", domain="[('type', '=', 'consu')]")

    @api.depends("rma_line_id", "qty_refund")
    def _compute_refund(self):
        for line in self:
            line.qty_refundable = line.rma_line_id._rma_refundable_qty()
            invoice_line = line.rma_line_id._rma_invoice_line()
            line.price_paid = invoice_line.price_total / invoice_line.quantity if invoice_line.quantity else 0.0
            line.subtotal = line.price_paid * line.qty_refund

    def _exchange_difference(self):
        """What the returned product was paid minus the replacement's price, tax
        included, for the quantity returned."""
        self.ensure_one()
        replacement = self.exchange_product_id
        taxes = replacement.taxes_id._filter_taxes_by_company(self.wizard_id.rma_id.company_id)
        price = taxes.compute_all(replacement.lst_price, product=replacement)["total_included"]
        return (self.price_paid - price) * self.rma_line_id.quantity
