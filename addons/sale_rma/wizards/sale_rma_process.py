from collections import defaultdict

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero, float_round


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
    amount_total = fields.Monetary(
        "Total refunded", compute="_compute_total", help="Tax included, as the credit note will say."
    )
    goods_value = fields.Monetary(
        "Value of the goods received", compute="_compute_goods_value", help="At the prices paid, tax included."
    )
    adjustment_limit = fields.Monetary(
        "Adjustment without a manager",
        compute="_compute_goods_value",
        help="Above this adjustment (a share of the goods' value set in the settings), a returns manager decides.",
    )

    @api.depends("rma_id")
    def _compute_line_ids(self):
        for wizard in self:
            commands = [Command.clear()]
            warehouse = wizard.rma_id.warehouse_id
            for line in wizard.rma_id.line_ids:
                commands.append(Command.create(wizard._line_values(line, warehouse)))
            wizard.line_ids = commands

    def _line_values(self, line, warehouse):
        """What the wizard proposes for a return line, as the customer asked."""
        refundable = line._rma_refundable_qty()
        received = line.qty_received
        return {
            "rma_line_id": line.id,
            "qty_restock": received,
            "location_dest_id": warehouse.lot_stock_id.id,
            "qty_refund": min(received, refundable) if line.outcome == "refund" else 0.0,
            "exchange": line.outcome == "exchange",
            "exchange_product_id": line.exchange_product_id.id or (line.outcome == "exchange" and line.product_id.id),
        }

    @api.depends("rma_id")
    def _compute_carrier_id(self):
        for wizard in self:
            wizard.carrier_id = wizard.rma_id.carrier_id

    @api.depends("rma_id")
    def _compute_shipping_amount(self):
        for wizard in self:
            wizard.shipping_amount = sum(line.price_total for line in wizard.rma_id._rma_shipping_invoice_lines())

    @api.depends("line_ids.qty_received", "line_ids.price_paid")
    def _compute_goods_value(self):
        for wizard in self:
            wizard.goods_value = sum(line.price_paid * line.qty_received for line in wizard.line_ids)
            share = wizard.rma_id.company_id.rma_adjustment_limit_percent
            wizard.adjustment_limit = wizard.currency_id.round(wizard.goods_value * share / 100.0)

    @api.depends(
        "line_ids.qty_refund",
        "line_ids.exchange",
        "line_ids.exchange_product_id",
        "refund_shipping",
        "fees",
        "adjustment",
    )
    def _compute_total(self):
        for wizard in self:
            wizard.amount_total = sum(
                wizard._credit_note_total(values) for _invoice, values in wizard._credit_note_plan()
            )
            wizard.has_exchange = any(wizard.line_ids.mapped("exchange"))

    # -- what the credit notes hold ---------------------------------------------------
    def _credit_note_plan(self):
        """``[(invoice, [line values])]``: one credit note per invoice refunded, each
        reversing it. The goods at their invoiced prices and taxes; the shipping as
        invoiced; the fees and the adjustment (amounts tax included) taxed as the
        fee product says or else like the goods; a cheaper replacement's difference
        with the replacement's taxes."""
        self.ensure_one()
        rma = self.rma_id
        plan = defaultdict(list)
        goods = []  # (invoice line, value tax included) the fees are taxed like
        for line in self.line_ids:
            invoice_line = line.rma_line_id._rma_invoice_line()
            if not invoice_line:
                continue
            if not float_is_zero(line.qty_refund, precision_digits=6):
                plan[invoice_line.move_id].append(
                    {
                        "product_id": line.product_id.id,
                        "name": invoice_line.name or line.product_id.display_name,
                        "quantity": line.qty_refund,
                        "product_uom_id": invoice_line.product_uom_id.id or line.rma_line_id.uom_id.id,
                        "price_unit": invoice_line.price_unit,
                        "discount": invoice_line.discount,
                        "tax_ids": invoice_line.tax_ids,
                        "analytic_distribution": invoice_line.analytic_distribution,
                        "account_id": invoice_line.account_id.id,
                        "sale_line_ids": [Command.link(line.rma_line_id.order_line_id.id)],
                    }
                )
                goods.append((invoice_line, line.price_paid * line.qty_refund))
            if line.exchange and line.exchange_product_id:
                difference = line._exchange_difference()
                if self.currency_id.compare_amounts(difference, 0.0) > 0:
                    replacement = line.exchange_product_id
                    taxes = self._company_taxes(replacement.taxes_id, invoice_line.move_id.fiscal_position_id)
                    plan[invoice_line.move_id].append(
                        self._amount_line_values(
                            _("Exchange price difference (%s)", rma.name), difference, taxes, replacement
                        )
                    )
        if not goods:
            goods = [
                (line.rma_line_id._rma_invoice_line(), line.price_paid * line.qty_received)
                for line in self.line_ids
                if line.rma_line_id._rma_invoice_line()
            ]
        if self.refund_shipping:
            for invoice_line in rma._rma_shipping_invoice_lines():
                plan[invoice_line.move_id].append(
                    {
                        "product_id": invoice_line.product_id.id,
                        "name": invoice_line.name,
                        "quantity": invoice_line.quantity,
                        "product_uom_id": invoice_line.product_uom_id.id,
                        "price_unit": invoice_line.price_unit,
                        "discount": invoice_line.discount,
                        "tax_ids": invoice_line.tax_ids,
                        "analytic_distribution": invoice_line.analytic_distribution,
                        "account_id": invoice_line.account_id.id,
                    }
                )
        extras = [
            (_("Return fees (%s)", rma.name), -self.fees),
            (_("Refund adjustment (%s)", rma.name), self.adjustment),
        ]
        if goods and any(not self.currency_id.is_zero(amount) for _label, amount in extras):
            invoice = goods[0][0].move_id
            for label, amount in extras:
                plan[invoice] += self._taxed_like_goods(label, amount, goods, invoice.fiscal_position_id)
        return list(plan.items())

    def _taxed_like_goods(self, label, amount, goods, fiscal_position):
        """Lines for an amount tax included: with the fee product's taxes if it has
        some, else spread over the goods' taxes in proportion to their value."""
        if self.currency_id.is_zero(amount):
            return []
        fee_product = self.rma_id.company_id._rma_fee_product()
        fee_taxes = self._company_taxes(fee_product.taxes_id, fiscal_position)
        if fee_taxes:
            return [self._amount_line_values(label, amount, fee_taxes)]
        by_taxes = defaultdict(float)
        for invoice_line, value in goods:
            by_taxes[invoice_line.tax_ids] += value
        total = sum(by_taxes.values())
        if self.currency_id.is_zero(total):
            return [self._amount_line_values(label, amount, next(iter(by_taxes)))]
        values, left = [], amount
        for index, (taxes, value) in enumerate(by_taxes.items()):
            share = left if index == len(by_taxes) - 1 else self.currency_id.round(amount * value / total)
            left -= share
            if not self.currency_id.is_zero(share):
                values.append(self._amount_line_values(label, share, taxes))
        return values

    def _amount_line_values(self, label, amount, taxes, product=None):
        """A credit-note line worth ``amount`` tax included, with ``taxes``."""
        excluded = taxes.with_context(force_price_include=True).compute_all(amount, currency=self.currency_id)[
            "total_excluded"
        ]
        product = product if product and product.type == "service" else self.rma_id.company_id._rma_fee_product()
        return {
            "product_id": product.id,
            "name": label,
            "quantity": 1,
            "price_unit": float_round(
                excluded, precision_digits=self.env["decimal.precision"].precision_get("Product Price")
            ),
            "tax_ids": taxes,
        }

    def _company_taxes(self, taxes, fiscal_position):
        """``taxes`` of the return's company, as the fiscal position maps them."""
        taxes = taxes._filter_taxes_by_company(self.rma_id.company_id)
        return fiscal_position.map_tax(taxes) if fiscal_position else taxes

    def _credit_note_total(self, lines_values):
        """What a credit note of these lines comes to, tax included, computed as the
        credit note itself computes it."""
        AccountTax = self.env["account.tax"]
        company = self.rma_id.company_id
        base_lines = [
            AccountTax._prepare_base_line_for_taxes_computation(
                None,
                tax_ids=values["tax_ids"],
                price_unit=values["price_unit"],
                quantity=values["quantity"],
                discount=values.get("discount", 0.0),
                currency_id=self.currency_id,
                product_id=self.env["product.product"].browse(values["product_id"]),
                is_refund=True,
            )
            for values in lines_values
        ]
        AccountTax._add_tax_details_in_base_lines(base_lines, company)
        AccountTax._round_base_lines_tax_details(base_lines, company)
        return AccountTax._get_tax_totals_summary(base_lines, self.currency_id, company)["total_amount_currency"]

    # -- checks -------------------------------------------------------------------
    def _check(self):
        rma = self.rma_id
        if rma.state != "processing":
            raise UserError(_("%s: the goods must be received before the return is processed.", rma.name))
        if self.fees < 0:
            raise UserError(_("The fees cannot be negative: use the adjustment to refund more."))
        for line in self.line_ids:
            product = line.product_id.display_name
            rounding = line.rma_line_id.uom_id.rounding or 0.01
            if min(line.qty_restock, line.qty_refund) < 0:
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
            if float_compare(line.qty_refund, line.qty_received, precision_rounding=rounding) > 0:
                raise UserError(
                    _(
                        "%(product)s: %(refund)s to refund, but only %(received)s received.",
                        product=product,
                        refund=line.qty_refund,
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
            if line.exchange and not float_is_zero(line.qty_refund, precision_rounding=rounding):
                raise UserError(
                    _("%s: a product is either refunded or exchanged, not both: split the return.", product)
                )
            if line.exchange and not line.exchange_product_id:
                raise UserError(_("%s: choose the product sent in exchange.", product))
        if self.refund_shipping:
            if not rma._rma_shipping_invoice_lines():
                raise UserError(_("The order's shipping was not invoiced: there is nothing to refund."))
            already = rma.order_id.sudo().rma_ids.filtered(lambda r: r != rma and r.shipping_refunded)
            if already:
                raise UserError(
                    _(
                        "The shipping of %(order)s was already refunded by %(rma)s.",
                        order=rma.order_id.name,
                        rma=already[0].name,
                    )
                )
        if self.currency_id.compare_amounts(self.adjustment, self.adjustment_limit) > 0 and not self.env.user.has_group(
            "sale_rma.group_rma_manager"
        ):
            raise UserError(
                _(
                    "An adjustment of %(adjustment)s is more than %(limit)s (the goods received are worth "
                    "%(value)s): a returns manager decides.",
                    adjustment=self.currency_id.format(self.adjustment),
                    limit=self.currency_id.format(self.adjustment_limit),
                    value=self.currency_id.format(self.goods_value),
                )
            )
        invoiced = any(line.rma_line_id._rma_invoice_line() for line in self.line_ids)
        if not invoiced and not (self.currency_id.is_zero(self.fees) and self.currency_id.is_zero(self.adjustment)):
            raise UserError(
                _("Nothing of this return was invoiced: there is no credit note for fees or an adjustment.")
            )
        if self.currency_id.compare_amounts(self.amount_total, 0.0) < 0:
            raise UserError(_("The refund cannot be negative: lower the fees or the adjustment."))

    def action_complete(self):
        self.ensure_one()
        rma = self.rma_id
        # two people completing the same return, or two returns of one order, at once
        rma.order_id._rma_lock()
        self._check()
        self._process_outcomes()
        refunds = self._refund()
        if self.refund_shipping:
            rma.shipping_refunded = True
        if refunds.filtered(lambda m: m.state == "draft"):
            rma.message_post(
                body=_(
                    "Credit note %(refunds)s prepared (%(amount)s): it waits for the accountant to post it.",
                    refunds=", ".join(refunds.mapped(lambda m: m._get_html_link())),
                    amount=self.currency_id.format(sum(refunds.mapped("amount_total"))),
                )
            )
        rma._set_state(rma._rma_next_state())
        return {"type": "ir.actions.act_window_close"}

    def _process_outcomes(self):
        """What happens to the goods: restocked, taken off the order, exchanged."""
        self._restock()
        self._record_off_order()
        self._exchange()

    def _record_off_order(self):
        """What comes off the order's delivered quantity: the quantity refunded, and
        what came back that was never invoiced (the rest of the order may still be
        invoiced for what the customer keeps). An exchanged product stays delivered:
        its replacement goes in its place."""
        for line in self.line_ids:
            if line._stays_delivered():
                continue
            order_line = line.rma_line_id.order_line_id
            uninvoiced = max(order_line.qty_delivered - line.qty_refundable, 0.0)
            kept_back = min(line.qty_received - line.qty_refund, uninvoiced)
            line.rma_line_id.qty_off_order = line.qty_refund + max(kept_back, 0.0)

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
        """The replacement products leave to the customer. A dearer replacement is
        charged on the order, with the replacement's taxes (a cheaper one is
        credited: see ``_credit_note_plan``)."""
        rma = self.rma_id
        lines = self.line_ids.filtered("exchange")
        if not lines:
            return
        warehouse = rma.warehouse_id
        customers = self.env.ref("stock.stock_location_customers")
        partner = rma.partner_shipping_id or rma.partner_id
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": warehouse.out_type_id.id,
                "partner_id": partner.id,
                "location_id": warehouse.lot_stock_id.id,
                "location_dest_id": customers.id,
                "origin": rma.name,
                "rma_id": rma.id,
                "carrier_id": self.carrier_id.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": rma.name,
                            "product_id": line.exchange_product_id.id,
                            "product_uom_qty": line.qty_received,
                            "product_uom": line.exchange_product_id.uom_id.id,
                            "location_id": warehouse.lot_stock_id.id,
                            "location_dest_id": customers.id,
                            "partner_id": partner.id,
                        }
                    )
                    for line in lines
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        rma.message_post(
            body=_(
                "Exchange sent by %(picking)s: %(products)s.",
                picking=picking._get_html_link(),
                products=", ".join(
                    f"{line.qty_received:g} × {line.exchange_product_id.display_name}" for line in lines
                ),
            )
        )
        order = rma.order_id
        surcharges = []
        for line in lines:
            difference = line._exchange_difference()
            if self.currency_id.compare_amounts(difference, 0.0) >= 0:
                continue
            replacement = line.exchange_product_id
            taxes = self._company_taxes(replacement.taxes_id, order.fiscal_position_id)
            values = self._amount_line_values(
                _("Exchange price difference (%(rma)s): %(product)s", rma=rma.name, product=replacement.display_name),
                -difference,
                taxes,
            )
            surcharges.append(
                Command.create(
                    {
                        "product_id": values["product_id"],
                        "name": values["name"],
                        "product_uom_qty": 1,
                        "price_unit": values["price_unit"],
                        "tax_id": [Command.set(taxes.ids)],
                    }
                )
            )
        if surcharges:
            order.order_line = surcharges

    def _refund(self):
        """The credit notes, each Odoo's reversal of the invoice it refunds. Posted
        (and so reconciled with the invoice) by whoever has invoicing rights; else
        prepared as drafts for the accountant."""
        rma = self.rma_id
        plan = [(invoice, values) for invoice, values in self._credit_note_plan() if values]
        if not plan:
            return self.env["account.move"]
        can_invoice = self.env.user.has_group("account.group_account_invoice")
        # without invoicing rights the returns staff prepare the drafts, never post them
        Move = self.env["account.move"] if can_invoice else self.env["account.move"].sudo()
        today = fields.Date.context_today(self)
        refunds = self.env["account.move"]
        for invoice, lines_values in plan:
            line_commands = [
                Command.create(dict(values, tax_ids=[Command.set(values["tax_ids"].ids)])) for values in lines_values
            ]
            refund = invoice.with_env(Move.env)._reverse_moves(
                default_values_list=[
                    {
                        "ref": _("Return %(rma)s, reversal of %(invoice)s", rma=rma.name, invoice=invoice.name),
                        "date": today,
                        "invoice_date": today,
                        "invoice_date_due": today,
                        "invoice_origin": f"{rma.order_id.name}, {rma.name}",
                        "invoice_payment_term_id": False,
                        "invoice_user_id": invoice.invoice_user_id.id,
                        "rma_id": rma.id,
                        "line_ids": line_commands,
                    }
                ],
                cancel=False,
            )
            if refund.currency_id.compare_amounts(refund.amount_total, 0.0) <= 0:
                raise UserError(_("The refund comes to nothing or less: lower the fees or the adjustment."))
            refunds |= refund
        refunds = refunds.with_env(self.env)
        if can_invoice:
            refunds.action_post()
        return refunds


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
            line.subtotal = (
                invoice_line.tax_ids.compute_all(
                    invoice_line.price_unit * (1 - invoice_line.discount / 100.0),
                    currency=invoice_line.currency_id,
                    quantity=line.qty_refund,
                    product=invoice_line.product_id,
                    is_refund=True,
                )["total_included"]
                if invoice_line
                else 0.0
            )

    def _stays_delivered(self):
        """The customer keeps a product of this line (its replacement): it stays
        delivered on the order."""
        self.ensure_one()
        return self.exchange

    def _exchange_difference(self):
        """What the returned product was paid minus the replacement's price, tax
        included, for the quantity received."""
        self.ensure_one()
        replacement = self.exchange_product_id
        order = self.wizard_id.rma_id.order_id
        taxes = self.wizard_id._company_taxes(replacement.taxes_id, order.fiscal_position_id)
        price = taxes.compute_all(replacement.lst_price, currency=self.currency_id, product=replacement)[
            "total_included"
        ]
        return self.currency_id.round((self.price_paid - price) * self.qty_received)
