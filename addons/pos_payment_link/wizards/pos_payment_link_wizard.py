from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command

from ..models.pos_payment_link import PURPOSES


class PosPaymentLinkWizard(models.TransientModel):
    _name = "pos.payment.link.wizard"
    _description = "Send a payment link"

    link_id = fields.Many2one("pos.payment.link", "Link to send again")
    purpose = fields.Selection(PURPOSES, required=True, default="deposit")
    partner_id = fields.Many2one("res.partner", "Customer", required=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    currency_id = fields.Many2one("res.currency", default=lambda self: self.env.company.currency_id)
    sale_order_id = fields.Many2one("sale.order", "Order")
    loyalty_program_id = fields.Many2one(
        "loyalty.program",
        "eWallet",
        domain="[('program_type', '=', 'ewallet'), ('company_id', 'in', (company_id, False))]",
    )
    move_line_ids = fields.Many2many("account.move.line", string="Items to settle")
    amount = fields.Monetary("Amount to request")
    channel = fields.Selection([("email", "E-mail"), ("sms", "Text message")], required=True, default="email")
    email = fields.Char("E-mail")
    phone = fields.Char("Mobile")

    @api.model
    def _action_open(self, context):
        return {
            "type": "ir.actions.act_window",
            "name": _("Send a payment link"),
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": context,
        }

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        link = self.env["pos.payment.link"].browse(values.get("link_id"))
        if link:
            values.update(
                purpose=link.purpose,
                partner_id=link.partner_id.id,
                amount=link.amount,
                currency_id=link.currency_id.id,
                sale_order_id=link.sale_order_id.id,
                channel=link.channel or "email",
            )
        order = self.env["sale.order"].browse(values.get("sale_order_id"))
        if order and not values.get("partner_id"):
            values["partner_id"] = order.partner_id.id
        partner = self.env["res.partner"].browse(values.get("partner_id"))
        if not link and order:
            values.update(amount=order.payment_link_remaining, currency_id=order.currency_id.id)
        if not link and values.get("purpose") == "wallet" and not values.get("loyalty_program_id"):
            values["loyalty_program_id"] = (
                self.env["loyalty.program"]
                .search([("program_type", "=", "ewallet"), ("company_id", "in", (self.env.company.id, False))], limit=1)
                .id
            )
        if not link and values.get("purpose") == "settlement" and partner and not values.get("move_line_ids"):
            lines = self._open_items(partner)
            values.update(move_line_ids=[Command.set(lines.ids)], amount=sum(lines.mapped("amount_residual")))
        if "default_email" not in self.env.context:
            values["email"] = link.email or partner.email
        if "default_phone" not in self.env.context:
            values["phone"] = link.phone or partner.mobile or partner.phone
        return values

    @api.model
    def _open_items(self, partner):
        return self.env["account.move.line"].search(
            [
                ("partner_id", "child_of", partner.commercial_partner_id.id),
                ("account_id.account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                ("reconciled", "=", False),
                ("amount_residual", ">", 0),
                ("company_id", "=", self.env.company.id),
            ],
            order="date_maturity, id",
        )

    @api.onchange("move_line_ids")
    def _onchange_move_line_ids(self):
        if self.purpose == "settlement":
            self.amount = sum(self.move_line_ids.mapped("amount_residual"))

    def action_send(self):
        self.ensure_one()
        link = self.link_id
        if not link:
            link = self.env["pos.payment.link"].create(self._link_values())
        elif link.partner_id != self.partner_id:
            raise UserError(_("A link is sent to the customer it was made for."))
        link._send(self.channel, self.email if self.channel == "email" else self.phone)
        return {
            "type": "ir.actions.act_window",
            "res_model": link._name,
            "res_id": link.id,
            "view_mode": "form",
            "target": "current",
        }

    def _link_values(self):
        values = {
            "purpose": self.purpose,
            "partner_id": self.partner_id.id,
            "amount": self.amount,
            "currency_id": self.currency_id.id,
        }
        if self.purpose == "deposit":
            values["sale_order_id"] = self.sale_order_id.id
        elif self.purpose == "wallet":
            values["loyalty_program_id"] = self.loyalty_program_id.id
        else:
            values.update(self.env["pos.payment.link"]._settlement_values(self.move_line_ids))
        return values
