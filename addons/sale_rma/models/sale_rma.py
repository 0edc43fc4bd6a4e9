import base64
import io
import math
import re
from collections import defaultdict

import qrcode

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare, groupby

STATES = [
    ("draft", "Draft"),
    ("requested", "Requested"),
    ("accepted", "Accepted"),
    ("processing", "Processing"),
    ("refund", "Awaiting credit note"),
    ("done", "Done"),
    ("refused", "Refused"),
    ("cancel", "Cancelled"),
]
OUTCOMES = [("refund", "Refund"), ("exchange", "Exchange")]


class SaleRma(models.Model):
    """A customer return (RMA): one document per order with one line per product
    returned. Draft (the shop's, unseen by the customer) → requested (awaits
    approval) → accepted (the customer prints the slip and sends the goods) →
    processing (goods received) → done (refunded, restocked, exchanged), through
    "awaiting credit note" when whoever processed it has no invoicing rights."""

    _name = "sale.rma"
    _description = "Customer return"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    # the customer writes to the shop from the return's portal page
    _mail_post_access = "read"

    name = fields.Char("Reference", required=True, readonly=True, copy=False, default=lambda self: _("New"))
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    order_id = fields.Many2one(
        "sale.order",
        required=True,
        index=True,
        tracking=True,
        domain="[('company_id', '=', company_id), ('state', '=', 'sale')]",
    )
    partner_id = fields.Many2one(related="order_id.partner_id", store=True, index=True, string="Customer")
    email = fields.Char(related="partner_id.email", string="Contact e-mail")
    partner_shipping_id = fields.Many2one(
        "res.partner",
        "Delivery address",
        compute="_compute_contact",
        store=True,
        readonly=False,
        help="Where an exchanged product is sent.",
    )
    user_id = fields.Many2one(related="order_id.user_id", store=True, string="Salesperson")
    state = fields.Selection(STATES, required=True, default="draft", tracking=True, copy=False, index=True)
    state_reason = fields.Text("Reason", tracking=True, copy=False, help="Why the return was refused or cancelled.")
    customer_comment = fields.Text("Customer's comment")
    # the shop's own words: portal customers (and their RPC calls) never read them
    note = fields.Html("Internal note", groups="base.group_user")
    line_ids = fields.One2many("sale.rma.line", "rma_id", string="Products", copy=True)
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        "Return warehouse",
        compute="_compute_warehouse_id",
        store=True,
        readonly=False,
        domain="[('company_id', '=', company_id)]",
    )
    carrier_id = fields.Many2one("delivery.carrier", "Shipping method", help="For the products sent in exchange.")
    picking_ids = fields.One2many("stock.picking", "rma_id", string="Transfers")
    picking_count = fields.Integer(compute="_compute_counts")
    refund_ids = fields.One2many("account.move", "rma_id", string="Credit notes")
    refund_count = fields.Integer(compute="_compute_counts")
    amount_refunded = fields.Monetary(compute="_compute_counts", string="Refunded")
    shipping_refunded = fields.Boolean(
        "Shipping refunded", readonly=True, copy=False, help="The order's shipping was refunded by this return."
    )
    currency_id = fields.Many2one(related="order_id.currency_id")

    @api.depends("order_id")
    def _compute_contact(self):
        for rma in self:
            rma.partner_shipping_id = rma.order_id.partner_shipping_id

    @api.depends("company_id")
    def _compute_warehouse_id(self):
        for rma in self:
            rma.warehouse_id = rma.company_id.rma_warehouse_id or self.env["stock.warehouse"].search(
                [("company_id", "=", rma.company_id.id)], limit=1
            )

    @api.depends("picking_ids", "refund_ids.amount_total_signed")
    def _compute_counts(self):
        for rma in self:
            rma.picking_count = len(rma.picking_ids)
            rma.refund_count = len(rma.refund_ids)
            rma.amount_refunded = -sum(
                rma.refund_ids.filtered(lambda m: m.state == "posted").mapped("amount_total_signed")
            )

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for rma in self:
            rma.access_url = f"/my/returns/{rma.id}"
        return result

    def _portal_slip_available(self):
        """Whether the customer prints the return slip: once the return is accepted,
        as long as it is not refused or cancelled (also while the goods are being
        repaired, or the credit note waits)."""
        self.ensure_one()
        return self.state not in ("draft", "requested", "refused", "cancel")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", _("New")) == _("New"):
                vals["name"] = self.env["ir.sequence"].with_company(vals.get("company_id")).next_by_code("sale.rma")
        return super().create(vals_list)

    @api.onchange("order_id")
    def _onchange_order_id(self):
        """The order's delivered products, each with what can still be returned."""
        lines = [Command.clear()]
        quantities = self.order_id.order_line._rma_returnable_quantities()
        for order_line in self.order_id.order_line:
            returnable = quantities[order_line.id]
            if order_line.product_id.type == "consu" and returnable > 0:
                lines.append(Command.create({"order_line_id": order_line.id, "quantity": returnable}))
        self.line_ids = lines

    @api.model
    def _demo_returns(self, ids):
        """Demo data: an order delivered and invoiced, with one return asked by the
        customer and one accepted, waiting for the parcel."""
        partner, boots, bag = self.env["res.partner"].browse(ids[0]), *self.env["product.product"].browse(ids[1:])
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", self.env.company.id)], limit=1)
        for product in (boots, bag):
            self.env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 20)
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create({"product_id": boots.id, "product_uom_qty": 2}),
                    Command.create({"product_id": bag.id, "product_uom_qty": 1}),
                ],
            }
        )
        order.action_confirm()
        for move in order.picking_ids.move_ids:
            move.quantity = move.product_uom_qty
        order.picking_ids.move_ids.picked = True
        order.picking_ids.with_context(skip_sms=True, skip_backorder=True).button_validate()
        order._create_invoices().action_post()
        boots_line, bag_line = order.order_line
        requested, accepted = self.with_context(mail_notrack=True).create(
            [
                {
                    "order_id": order.id,
                    "customer_comment": "Les bottines taillent petit, je voudrais la pointure au-dessus.",
                    "line_ids": [
                        Command.create(
                            {
                                "order_line_id": boots_line.id,
                                "quantity": 1,
                                "reason_id": self.env.ref("sale_rma.reason_wrong_size").id,
                                "outcome": "exchange",
                            }
                        )
                    ],
                },
                {
                    "order_id": order.id,
                    "line_ids": [
                        Command.create(
                            {
                                "order_line_id": bag_line.id,
                                "quantity": 1,
                                "reason_id": self.env.ref("sale_rma.reason_defective").id,
                                "outcome": "refund",
                            }
                        )
                    ],
                },
            ]
        )
        (requested | accepted).with_context(mail_notrack=True).write({"state": "requested"})
        accepted._create_reception()
        accepted.state = "accepted"

    @api.model
    def _portal_request(self, order_sudo, post):
        """A return asked by the customer from the request form of their order
        (``post``: the form's fields), within what can still be returned.

        Of two requests sent at once, the second waits for the first's lock on the
        order and fails to serialise; Odoo retries it, and it sees the first."""
        order_sudo._rma_lock()
        quantities = order_sudo.order_line._rma_returnable_quantities()
        returnable = {
            line: quantities[line.id]
            for line in order_sudo.order_line
            if line.product_id.type == "consu" and quantities[line.id] > 0
        }
        known = {line.id for line in returnable}
        for key in post:
            match = re.fullmatch(r"(qty|reason|outcome)_(\w+)", key)
            if match and (not match.group(2).isdigit() or int(match.group(2)) not in known):
                raise UserError(_("This product is not one of the order's products that can be returned."))
        outcomes = dict(self.env["sale.rma.line"]._rma_outcomes())
        Reason = self.env["sale.rma.reason"].sudo()
        line_values = []
        for order_line, available in returnable.items():
            quantity = self._rma_number(post.get(f"qty_{order_line.id}"), _("Quantities are numbers."))
            if quantity <= 0:
                continue
            if quantity > available:
                raise UserError(
                    _(
                        "%(product)s: at most %(quantity)s can be returned.",
                        product=order_line.product_id.display_name,
                        quantity=available,
                    )
                )
            reason_id = self._rma_number(post.get(f"reason_{order_line.id}"), _("Choose a reason from the list."))
            reason = Reason.browse(int(reason_id)).exists()
            if reason.company_id and reason.company_id != order_sudo.company_id:
                raise UserError(_("Choose a reason from the list."))
            outcome = post.get(f"outcome_{order_line.id}") or "refund"
            if outcome not in outcomes:
                raise UserError(_("Choose one of: %s.", ", ".join(outcomes.values())))
            line_values.append(
                {"order_line_id": order_line.id, "quantity": quantity, "reason_id": reason.id, "outcome": outcome}
            )
        if not line_values:
            raise UserError(_("Choose at least one product to return."))
        rma = self.sudo().create(
            {
                "order_id": order_sudo.id,
                "company_id": order_sudo.company_id.id,
                "customer_comment": post.get("comment"),
                "line_ids": [Command.create(values) for values in line_values],
            }
        )
        rma.message_post(
            body=_("Return requested by the customer from their account."),
            author_id=self.env.user.partner_id.id,
        )
        rma.action_request()
        return rma

    @staticmethod
    def _rma_number(value, message):
        try:
            number = float(value or 0)
        except (TypeError, ValueError) as error:
            raise UserError(message) from error
        if not math.isfinite(number):
            raise UserError(message)
        return number

    # -- transitions ------------------------------------------------------------------
    def _check_state(self, allowed, action):
        for rma in self:
            if rma.state not in allowed:
                raise UserError(
                    _(
                        "%(rma)s is %(state)s: it cannot be %(action)s.",
                        rma=rma.name,
                        state=dict(self._fields["state"]._description_selection(self.env))[rma.state].lower(),
                        action=action,
                    )
                )

    def _check_lines(self):
        for rma in self:
            if not rma.line_ids:
                raise UserError(_("%s: add the products the customer returns.", rma.name))
        self.line_ids._check_quantity()

    def action_request(self):
        self._check_state(("draft",), _("requested"))
        self._check_lines()
        self._set_state("requested")

    def action_accept(self):
        self._check_state(("draft", "requested"), _("accepted"))
        self._check_lines()
        for rma in self:
            rma._create_reception()
        self._set_state("accepted")

    def action_refuse(self):
        self._check_refuse_rights()
        self._check_state(("draft", "requested"), _("refused"))
        return self._reason_wizard("refused")

    def action_cancel(self):
        self._check_state(("draft", "requested", "accepted"), _("cancelled"))
        return self._reason_wizard("cancel")

    def _reason_wizard(self, state):
        return {
            "type": "ir.actions.act_window",
            "name": _("Refuse the return") if state == "refused" else _("Cancel the return"),
            "res_model": "sale.rma.reason.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_rma_ids": self.ids, "default_state": state},
        }

    def _check_refuse_rights(self):
        if not self.env.user.has_group("sale_rma.group_rma_manager"):
            raise AccessError(_("Only a returns manager can refuse a return."))

    def _close(self, state, reason):
        if state == "refused":
            self._check_refuse_rights()
        if not (reason or "").strip():
            raise UserError(_("Give the reason: the customer reads it."))
        self.picking_ids.filtered(lambda p: p.state not in ("done", "cancel")).action_cancel()
        self.write({"state_reason": reason})
        self._set_state(state)

    def action_process(self):
        self._check_state(("processing",), _("processed"))
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Process %s", self.name),
            "res_model": "sale.rma.process",
            "view_mode": "form",
            "target": "new",
            "context": {"default_rma_id": self.id},
        }

    def _set_state(self, state):
        self.write({"state": state})
        self._notify_state()

    def _notify_state(self):
        """Tell the customer (in their language) and the staff, as the settings say."""
        templates = {
            "requested": "sale_rma.mail_template_rma_requested",
            "accepted": "sale_rma.mail_template_rma_accepted",
            "processing": "sale_rma.mail_template_rma_processing",
            "done": "sale_rma.mail_template_rma_done",
            "refused": "sale_rma.mail_template_rma_refused",
            "cancel": "sale_rma.mail_template_rma_refused",
        }
        for rma in self:
            company = rma.company_id
            template = templates.get(rma.state) and self.env.ref(templates[rma.state], raise_if_not_found=False)
            if not template:
                continue
            if company.rma_notify_customer and rma.partner_id.email:
                rma.message_post_with_source(template, subtype_xmlid="mail.mt_comment")
            staff = company.rma_staff_partner_ids
            if staff:
                rma.message_notify(
                    partner_ids=staff.ids,
                    subject=_("%(rma)s: %(state)s", rma=rma.name, state=rma._state_label()),
                    body=_(
                        "%(rma)s for %(customer)s (%(order)s) is now %(state)s.",
                        rma=rma.name,
                        customer=rma.partner_id.display_name,
                        order=rma.order_id.name,
                        state=rma._state_label(),
                    ),
                )

    def _state_label(self):
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    # -- reception --------------------------------------------------------------------
    def _rma_location(self):
        """Where returned goods wait to be processed: the return warehouse's
        "Returns" location, apart from its stock (not sold again until restocked)."""
        self.ensure_one()
        return self.warehouse_id._rma_return_location()

    def _create_reception(self):
        """Incoming transfers of the returned quantities, made with Odoo's return
        wizard on the deliveries they left with (traced to the order's lines)."""
        self.ensure_one()
        if not self.warehouse_id:
            raise UserError(_("Choose the warehouse the goods come back to."))
        todo = defaultdict(float)  # done outgoing move -> quantity to bring back
        for line in self.line_ids:
            remaining = line.quantity
            moves = line.order_line_id.move_ids.filtered(
                lambda m: m.state == "done" and m.location_dest_id.usage == "customer"
            )
            for move in moves.sorted("date"):
                returned = sum(move.returned_move_ids.filtered(lambda r: r.state != "cancel").mapped("product_uom_qty"))
                take = min(remaining, move.quantity - returned - todo[move])
                if take > 0:
                    todo[move] += take
                    remaining -= take
        location = self._rma_location()
        by_picking = defaultdict(dict)
        for move, quantity in todo.items():
            by_picking[move.picking_id][move] = quantity
        for picking, quantities in by_picking.items():
            wizard = (
                self.env["stock.return.picking"]
                .with_context(rma_location_dest_id=location.id)
                .create({"picking_id": picking.id})
            )
            for return_line in wizard.product_return_moves:
                return_line.quantity = quantities.get(return_line.move_id, 0.0)
                # the order's delivered quantity and quantity to invoice drop when the
                # return is processed, by what is refunded (sale.order.line's
                # _compute_qty_delivered and _compute_qty_to_invoice), not when the
                # parcel arrives: the order is never left "to invoice" a negative
                # quantity that invoicing it would refund a second time
                return_line.to_refund = False
            returned = wizard._create_return()
            returned.write({"rma_id": self.id, "origin": f"{self.name} ({picking.name})"})

    def _on_reception_done(self):
        """The goods arrived: the received quantities are recorded and the return
        moves to processing."""
        for rma in self.filtered(lambda r: r.state == "accepted"):
            if all(p.state in ("done", "cancel") for p in rma.picking_ids.filtered(lambda p: p._is_rma_reception())):
                rma._set_state("processing")

    def _on_refund_posted(self, refunds):
        """Credit notes of the return were posted (by the returns staff as they
        processed it, or later by the accountant): the chatter says so, and a return
        that waited for them is done."""
        self.ensure_one()
        for refund in refunds:
            self.message_post(
                body=_(
                    "Refunded %(amount)s by %(refund)s.",
                    amount=refund.currency_id.format(refund.amount_total),
                    refund=refund._get_html_link(),
                )
            )
        if self.state == "refund":
            next_state = self._rma_next_state()
            if next_state != "refund":
                self._set_state(next_state)

    def _rma_next_state(self):
        """Where a processed return stands: done, or awaiting the credit notes the
        accountant posts."""
        self.ensure_one()
        return "refund" if self.refund_ids.filtered(lambda m: m.state == "draft") else "done"

    # -- smart buttons --------------------------------------------------------------
    def action_view_pickings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("stock.action_picking_tree_all")
        action["domain"] = [("id", "in", self.picking_ids.ids)]
        if len(self.picking_ids) == 1:
            action.update(views=[(False, "form")], res_id=self.picking_ids.id)
        return action

    def action_view_refunds(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_out_refund_type")
        action["domain"] = [("id", "in", self.refund_ids.ids)]
        if len(self.refund_ids) == 1:
            action.update(views=[(False, "form")], res_id=self.refund_ids.id)
        return action

    def _rma_shipping_invoice_lines(self):
        """The order's shipping, as invoiced (posted invoices)."""
        self.ensure_one()
        return self.order_id.order_line.filtered("is_delivery").invoice_lines.filtered(
            lambda l: l.move_id.state == "posted" and l.move_id.move_type == "out_invoice"
        )

    def _rma_qr_code(self):
        """The return's reference as a QR code (PNG data URI), scanned at reception."""
        self.ensure_one()
        image = qrcode.make(self.name, box_size=4, border=1)
        out = io.BytesIO()
        image.save(out, format="PNG")
        return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()

    def action_send_slip(self):
        """The slip as a PDF in an e-mail, in the composer (the automatic acceptance
        e-mail carries a link to it: no PDF is made while the staff wait)."""
        self.ensure_one()
        template = self.env.ref("sale_rma.mail_template_rma_slip")
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "default_email_layout_xmlid": "mail.mail_notification_light",
                "force_email": True,
            },
        }

    def action_print_slip(self):
        return self.env.ref("sale_rma.action_report_rma_slip").report_action(self)

    def _get_report_base_filename(self):
        self.ensure_one()
        return _("Return slip %s", self.name).replace("/", "-")


class SaleRmaLine(models.Model):
    _name = "sale.rma.line"
    _description = "Customer return line"

    rma_id = fields.Many2one("sale.rma", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="rma_id.company_id", store=True)
    order_line_id = fields.Many2one(
        "sale.order.line",
        "Order line",
        required=True,
        domain="[('order_id', '=', parent.order_id), ('product_id.type', '=', 'consu')]",
    )
    product_id = fields.Many2one(related="order_line_id.product_id", store=True)
    uom_id = fields.Many2one(related="order_line_id.product_uom")
    quantity = fields.Float(digits="Product Unit of Measure", required=True, default=1.0)
    qty_delivered = fields.Float(related="order_line_id.qty_delivered", string="Delivered")
    qty_returnable = fields.Float("Returnable", compute="_compute_qty_returnable", digits="Product Unit of Measure")
    qty_received = fields.Float("Received", compute="_compute_qty_received", digits="Product Unit of Measure")
    reason_id = fields.Many2one("sale.rma.reason")
    outcome = fields.Selection(OUTCOMES, "Requested outcome", required=True, default="refund")
    comment = fields.Char()
    price_unit = fields.Float(related="order_line_id.price_unit", string="Price paid")
    exchange_product_id = fields.Many2one("product.product", "Exchange for", domain="[('type', '=', 'consu')]")
    qty_off_order = fields.Float(
        "No longer delivered",
        readonly=True,
        copy=False,
        digits="Product Unit of Measure",
        help="Set when the return is processed: what comes off the order's delivered quantity (the quantity "
        "refunded, and what came back without ever being invoiced).",
    )

    @api.model
    def _rma_outcomes(self):
        """``[(value, label)]``: what a return line may ask for (what the customer is
        offered)."""
        return self._fields["outcome"]._description_selection(self.env)

    def _rma_invoice_line(self):
        """The posted invoice line the product was billed on (its prices are refunded)."""
        self.ensure_one()
        return self.order_line_id.invoice_lines.filtered(
            lambda l: l.move_id.state == "posted" and l.move_id.move_type == "out_invoice"
        )[-1:]

    def _rma_refundable_qty(self):
        """Invoiced (posted) minus every credit note not cancelled, drafts waiting for
        the accountant included: what no credit note gives back yet."""
        self.ensure_one()
        order_line = self.order_line_id
        quantity = 0.0
        for invoice_line in order_line.invoice_lines:
            move = invoice_line.move_id
            qty = invoice_line.product_uom_id._compute_quantity(invoice_line.quantity, order_line.product_uom)
            if move.move_type == "out_invoice" and move.state == "posted":
                quantity += qty
            elif move.move_type == "out_refund" and move.state != "cancel":
                quantity -= qty
        return max(quantity, 0.0)

    @api.depends("order_line_id", "quantity")
    def _compute_qty_returnable(self):
        for rma, lines in groupby(self, key=lambda line: line.rma_id):
            lines = self.browse(line.id for line in lines)
            quantities = lines.order_line_id._rma_returnable_quantities(exclude=rma)
            for line in lines:
                line.qty_returnable = quantities.get(line.order_line_id.id, 0.0)

    @api.depends("rma_id.picking_ids.state")
    def _compute_qty_received(self):
        received = defaultdict(float)
        for move in self.rma_id.picking_ids.move_ids:
            if move.state == "done" and move.origin_returned_move_id and move.location_dest_id.usage == "internal":
                received[move.picking_id.rma_id.id, move.origin_returned_move_id.sale_line_id.id] += move.quantity
        for line in self:
            line.qty_received = received[line.rma_id.id, line.order_line_id.id]

    def action_exchange(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Exchange %s", self.product_id.display_name),
            "res_model": "sale.rma.exchange",
            "view_mode": "form",
            "target": "new",
            "context": {"default_line_id": self.id},
        }

    @api.constrains("quantity", "order_line_id")
    def _check_quantity(self):
        self.order_line_id.order_id._rma_lock()
        for line in self:
            if len(line.rma_id.line_ids.filtered(lambda l, line=line: l.order_line_id == line.order_line_id)) > 1:
                raise ValidationError(
                    _(
                        "%s appears twice in the return: change its quantity instead.",
                        line.product_id.display_name,
                    )
                )
            rounding = line.uom_id.rounding or 0.01
            if float_compare(line.quantity, 0.0, precision_rounding=rounding) <= 0:
                raise ValidationError(_("%s: the quantity returned must be positive.", line.product_id.display_name))
            if (
                line.rma_id.state in ("draft", "requested", "accepted")
                and float_compare(line.quantity, line.qty_returnable, precision_rounding=rounding) > 0
            ):
                raise ValidationError(
                    _(
                        "%(product)s: %(quantity)s returned, but only %(returnable)s can be (delivered minus "
                        "already returned).",
                        product=line.product_id.display_name,
                        quantity=line.quantity,
                        returnable=line.qty_returnable,
                    )
                )


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    rma_line_ids = fields.One2many("sale.rma.line", "order_line_id", string="Returns")

    @api.depends("rma_line_ids.qty_off_order")
    def _compute_qty_delivered(self):
        """Returned goods are received without Odoo's "update quantities on the
        order": they come off the delivered quantity when the return is processed,
        together with the credit note that takes them off the invoiced quantity."""
        result = super()._compute_qty_delivered()
        for line in self.filtered(lambda l: l.qty_delivered_method == "stock_move"):
            off = sum(line.rma_line_ids.mapped("qty_off_order"))
            if off:
                line.qty_delivered -= off
        return result

    @api.depends("rma_line_ids.qty_off_order")
    def _compute_qty_to_invoice(self):
        """Invoiced on ordered quantities, a line is no longer to invoice for what
        came back and was refunded: invoicing the order again refunds nothing."""
        result = super()._compute_qty_to_invoice()
        for line in self.filtered(lambda l: l.state == "sale" and l.product_id.invoice_policy == "order"):
            off = sum(line.rma_line_ids.mapped("qty_off_order"))
            if off:
                line.qty_to_invoice -= off
        return result

    def _rma_returnable_qty(self, exclude=None):
        """Delivered minus what other returns (not refused or cancelled) take back."""
        self.ensure_one()
        return self._rma_returnable_quantities(exclude)[self.id]

    def _rma_returnable_quantities(self, exclude=None):
        """``{line id: returnable quantity}`` for these order lines, in two queries."""
        domain = [("order_line_id", "in", self.ids), ("rma_id.state", "not in", ("refused", "cancel"))]
        if exclude:
            domain.append(("rma_id", "not in", exclude.ids))
        taken = dict(self.env["sale.rma.line"].sudo()._read_group(domain, ["order_line_id"], ["quantity:sum"]))
        result = {}
        for line in self:
            # the delivered quantity drops once returned goods are received: count
            # the deliveries themselves
            delivered = sum(
                line.move_ids.filtered(lambda m: m.state == "done" and m.location_dest_id.usage == "customer").mapped(
                    "quantity"
                )
            )
            result[line.id] = max(delivered - taken.get(line, 0.0), 0.0)
        return result
