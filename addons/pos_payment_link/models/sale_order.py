from odoo import _, api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    payment_link_ids = fields.One2many("pos.payment.link", "sale_order_id", "Payment links")
    payment_link_deposit_amount = fields.Monetary(
        "Deposit received", compute="_compute_payment_link_deposit", store=True
    )
    payment_link_deposit_state = fields.Selection(
        [("none", "No deposit"), ("requested", "Deposit requested"), ("received", "Deposit received")],
        "Deposit",
        compute="_compute_payment_link_deposit",
        store=True,
    )
    payment_link_remaining = fields.Monetary("Left to pay", compute="_compute_payment_link_deposit", store=True)
    payment_link_deposit_available = fields.Monetary(
        "Deposit to deduct",
        compute="_compute_payment_link_deposit",
        store=True,
        help="Deposits paid online before they were booked as down payments, not yet deducted at the till "
        "with the payment link method. A deposit booked as a down payment is deducted by the order's "
        "down-payment line.",
    )

    @api.depends(
        "amount_total",
        "payment_link_ids.state",
        "payment_link_ids.amount",
        "payment_link_ids.deposit_pos_order_id",
        "payment_link_ids.invoice_id",
    )
    def _compute_payment_link_deposit(self):
        for order in self:
            links = order.payment_link_ids.filtered(lambda link: link.purpose == "deposit")
            paid = sum(links.filtered(lambda link: link.state == "paid").mapped("amount"))
            order.payment_link_deposit_amount = paid
            order.payment_link_remaining = order.amount_total - paid
            order.payment_link_deposit_available = sum(
                links.filtered(
                    lambda link: link.state == "paid" and not link.deposit_pos_order_id and not link.invoice_id
                ).mapped("amount")
            )
            if paid:
                order.payment_link_deposit_state = "received"
            elif links.filtered(lambda link: link.state in ("draft", "sent")):
                order.payment_link_deposit_state = "requested"
            else:
                order.payment_link_deposit_state = "none"

    @api.model
    def _load_pos_data_fields(self, config_id):
        return [
            *super()._load_pos_data_fields(config_id),
            "payment_link_deposit_state",
            "payment_link_deposit_available",
        ]

    def action_payment_link_deposit(self):
        self.ensure_one()
        return self.env["pos.payment.link.wizard"]._action_open(
            {"default_purpose": "deposit", "default_sale_order_id": self.id, "default_partner_id": self.partner_id.id}
        )

    def action_view_payment_links(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("pos_payment_link.pos_payment_link_action")
        action["domain"] = [("sale_order_id", "=", self.id)]
        action["context"] = {"create": False}
        action["name"] = _("Payment links of %(order)s", order=self.name)
        return action


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    @api.model
    def _payment_link_values_from_pos(self, line):
        """The sale order line of a line rung up at the till (``product_id``, ``qty``,
        ``price_unit``, ``discount``) for an order paid by a deposit link."""
        return {
            "product_id": line["product_id"],
            "product_uom_qty": line["qty"],
            "price_unit": line["price_unit"],
            "discount": line.get("discount") or 0.0,
        }
