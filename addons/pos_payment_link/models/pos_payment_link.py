import base64
import io
import secrets
from datetime import timedelta

import phonenumbers
import qrcode

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tools import consteq, email_normalize, float_compare, format_amount

# what a link is and what it paid: changed only by the link's own methods, in superuser mode
PROTECTED_FIELDS = frozenset(
    {
        "name",
        "company_id",
        "partner_id",
        "purpose",
        "state",
        "amount",
        "currency_id",
        "expiry_date",
        "access_token",
        "channel",
        "email",
        "phone",
        "sale_order_id",
        "loyalty_program_id",
        "loyalty_card_id",
        "move_line_ids",
        "transaction_ids",
        "payment_id",
        "invoice_id",
        "paid_date",
        "pos_config_id",
        "deposit_pos_order_id",
        "user_id",
    }
)
# what a user may give a new link: the rest is the link's own doing
CREATE_FIELDS = frozenset(
    {
        "company_id",
        "partner_id",
        "purpose",
        "amount",
        "currency_id",
        "sale_order_id",
        "loyalty_program_id",
        "move_line_ids",
        "pos_config_id",
        "user_id",
    }
)

PURPOSES = [
    ("deposit", "Deposit on an order"),
    ("wallet", "Wallet top-up"),
    ("settlement", "Customer account settlement"),
]


class PosPaymentLink(models.Model):
    _name = "pos.payment.link"
    _description = "Payment link"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "create_date desc, id desc"
    _check_company_auto = True

    name = fields.Char("Reference", required=True, readonly=True, copy=False, default="/")
    company_id = fields.Many2one("res.company", required=True, readonly=True, default=lambda self: self.env.company)
    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, readonly=True, check_company=True, tracking=True, index=True
    )
    purpose = fields.Selection(PURPOSES, required=True, readonly=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("sent", "Sent"),
            ("paid", "Paid"),
            ("expired", "Expired"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    amount = fields.Monetary(required=True, readonly=True, tracking=True)
    currency_id = fields.Many2one(
        "res.currency", required=True, readonly=True, default=lambda self: self.env.company.currency_id
    )
    expiry_date = fields.Datetime("Valid until", required=True, readonly=True, copy=False, tracking=True)
    access_token = fields.Char(readonly=True, copy=False, groups="base.group_user")
    url = fields.Char("Link", compute="_compute_url")
    qr_code = fields.Binary("QR code", compute="_compute_qr_code")
    channel = fields.Selection([("email", "E-mail"), ("sms", "SMS")], readonly=True, copy=False, tracking=True)
    email = fields.Char("Sent to e-mail", readonly=True, copy=False)
    phone = fields.Char("Sent to mobile", readonly=True, copy=False)
    sale_order_id = fields.Many2one("sale.order", "Order", readonly=True, check_company=True, index="btree_not_null")
    loyalty_program_id = fields.Many2one(
        "loyalty.program",
        "eWallet",
        readonly=True,
        check_company=True,
        domain=[("program_type", "=", "ewallet")],
    )
    loyalty_card_id = fields.Many2one("loyalty.card", "Credited wallet", readonly=True, copy=False)
    move_line_ids = fields.Many2many(
        "account.move.line", string="Items to settle", readonly=True, copy=False, check_company=True
    )
    transaction_ids = fields.One2many("payment.transaction", "payment_link_id", "Transactions", readonly=True)
    payment_id = fields.Many2one("account.payment", readonly=True, copy=False)
    invoice_id = fields.Many2one(
        "account.move",
        readonly=True,
        copy=False,
        help="The down-payment invoice of a deposit, or the invoice of a wallet top-up.",
    )
    paid_date = fields.Datetime("Paid on", readonly=True, copy=False)
    pos_config_id = fields.Many2one("pos.config", "Point of sale", readonly=True, check_company=True)
    deposit_pos_order_id = fields.Many2one(
        "pos.order", "Deducted at the till on", readonly=True, copy=False, index="btree_not_null"
    )
    user_id = fields.Many2one("res.users", "Requested by", readonly=True, default=lambda self: self.env.user)

    @api.depends("access_token")
    def _compute_url(self):
        for link in self:
            token = link.sudo().access_token
            link.url = token and f"{link.get_base_url()}/payment-link/{link.id}?access_token={token}"

    @api.depends("url")
    def _compute_qr_code(self):
        for link in self:
            if not link.url:
                link.qr_code = False
                continue
            image = qrcode.make(link.url, box_size=6, border=2)
            buffer = io.BytesIO()
            image.save(buffer, format="PNG")
            link.qr_code = base64.b64encode(buffer.getvalue())

    @api.depends("purpose", "name", "sale_order_id", "loyalty_program_id")
    def _compute_display_name(self):
        for link in self:
            link.display_name = f"{link.name} - {link._describe()}" if link.name != "/" else link._describe()

    def _describe(self):
        """What the link pays, in words: the only thing the payment page tells about it."""
        self.ensure_one()
        if self.purpose == "deposit":
            return _("Deposit on order %(order)s", order=self.sale_order_id.name)
        if self.purpose == "wallet":
            return _("Top-up of the %(wallet)s", wallet=self.loyalty_program_id.name)
        return _("Settlement of %(count)s open item(s)", count=len(self.move_line_ids))

    # --- creation -------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                forbidden = (PROTECTED_FIELDS - CREATE_FIELDS) & set(vals)
                if forbidden or vals.get("state", "draft") != "draft":
                    raise AccessError(
                        _("A new payment link starts as a draft: its status and payment are set by the link itself.")
                    )
        for vals in vals_list:
            company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
            vals.setdefault("access_token", secrets.token_urlsafe(32))
            vals.setdefault("expiry_date", fields.Datetime.now() + timedelta(days=company.payment_link_validity_days))
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].with_company(company).next_by_code("pos.payment.link") or "/"
        links = super().create(vals_list)
        links._check_payable_content()
        return links

    def write(self, vals):
        if not self.env.su and PROTECTED_FIELDS & set(vals):
            if set(vals) == {"state"} and vals["state"] == "cancel":
                # the one change a user makes on a link, with its rules
                return self.action_cancel()
            raise AccessError(
                _(
                    "The amount, customer, purpose, status and payment of a payment link are changed only "
                    "by its own actions (send, cancel)."
                )
            )
        return super().write(vals)

    def _check_payable_content(self):
        """The amount must be what the purpose allows; raised before anything is sent."""
        for link in self:
            if float_compare(link.amount, 0, precision_rounding=link.currency_id.rounding) <= 0:
                raise ValidationError(_("The amount to request must be greater than zero."))
            if link.purpose == "deposit":
                link._check_deposit()
            elif link.purpose == "wallet":
                link._check_wallet()
            else:
                link._check_settlement()

    def _check_deposit(self):
        order = self.sale_order_id
        if not order:
            raise ValidationError(_("A deposit is requested on an order."))
        if order.state == "cancel":
            raise ValidationError(_("Order %(order)s is cancelled: no deposit can be requested.", order=order.name))
        if order.partner_id.commercial_partner_id != self.partner_id.commercial_partner_id:
            raise ValidationError(_("The deposit must be requested from the customer of the order."))
        if self.currency_id != order.currency_id:
            raise ValidationError(_("The deposit must be requested in the currency of the order."))
        # two links asked at once on one order must not both fit in what is left
        self.env.cr.execute("SELECT id FROM sale_order WHERE id = %s FOR UPDATE", [order.id])
        others = order.sudo().payment_link_ids.filtered(
            lambda link: link != self and link.purpose == "deposit" and link.state in ("draft", "sent", "paid")
        )
        due = order.amount_total - sum(others.mapped("amount"))
        if float_compare(self.amount, due, precision_rounding=self.currency_id.rounding) > 0:
            raise ValidationError(
                _(
                    "The deposit cannot exceed what is left to pay on order %(order)s: %(due)s.",
                    order=order.name,
                    due=format_amount(self.env, due, self.currency_id),
                )
            )

    def _check_wallet(self):
        program = self.loyalty_program_id
        if not program or program.program_type != "ewallet":
            raise ValidationError(_("Choose the eWallet programme to top up."))
        if not program.active:
            raise ValidationError(_("The eWallet programme %(program)s is archived.", program=program.name))
        if not program.trigger_product_ids:
            raise ValidationError(
                _("The eWallet programme %(program)s has no top-up product: set one first.", program=program.name)
            )

    def _check_settlement(self):
        lines = self.move_line_ids
        if not lines:
            raise ValidationError(_("Select the open items the customer settles."))
        partner = self.partner_id.commercial_partner_id
        if any(
            line.partner_id.commercial_partner_id != partner
            or line.account_id.account_type != "asset_receivable"
            or line.parent_state != "posted"
            or line.reconciled
            or float_compare(line.amount_residual, 0, precision_rounding=line.company_currency_id.rounding) <= 0
            for line in lines
        ):
            raise ValidationError(_("Only the customer's own open items can be settled by a payment link."))
        due = sum(lines.mapped("amount_residual"))
        if float_compare(self.amount, due, precision_rounding=self.currency_id.rounding) != 0:
            raise ValidationError(
                _(
                    "The link must request exactly what the selected items leave to pay: %(due)s.",
                    due=format_amount(self.env, due, self.currency_id),
                )
            )

    @api.model
    def _settlement_values(self, move_lines):
        """Values of a link settling exactly these open receivable lines."""
        return {
            "purpose": "settlement",
            "move_line_ids": [Command.set(move_lines.ids)],
            "amount": self.env.company.currency_id.round(sum(move_lines.mapped("amount_residual"))),
        }

    # --- sending --------------------------------------------------------------------

    def _normalise_mobile(self, number):
        """The number in E.164 if it is a valid mobile number; a national number is read in the
        customer's country, else the shop's, else France."""
        region = self.partner_id.country_id.code or self.company_id.country_id.code or "FR"
        try:
            parsed = phonenumbers.parse(number or "", region)
        except phonenumbers.NumberParseException:
            parsed = None
        if not parsed or not phonenumbers.is_valid_number(parsed):
            raise UserError(_("%(number)s is not a valid phone number.", number=number or _("(empty)")))
        if phonenumbers.number_type(parsed) not in (
            phonenumbers.PhoneNumberType.MOBILE,
            phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
        ):
            raise UserError(_("%(number)s is not a mobile number: a text message cannot reach it.", number=number))
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)

    def _send(self, channel, address):
        """Send the link by e-mail or text message to the address given (checked first)."""
        self.ensure_one()
        self._check_still_payable()
        if channel == "email":
            email = email_normalize(address or "")
            if not email:
                raise UserError(
                    _("%(email)s is not a valid e-mail address.", email=address or _("The customer has no e-mail"))
                )
            self.sudo().write({"channel": "email", "email": email, "state": "sent"})
            self.env.ref("pos_payment_link.mail_template_payment_link").send_mail(
                self.id, email_values={"email_to": email}, email_layout_xmlid="mail.mail_notification_light"
            )
            self.message_post(body=_("Link sent by e-mail to %(email)s.", email=email))
        elif channel == "sms":
            number = self._normalise_mobile(address)
            self.sudo().write({"channel": "sms", "phone": number, "state": "sent"})
            self._message_sms_with_template(
                template=self.env.ref("pos_payment_link.sms_template_payment_link"),
                partner_ids=[],
                sms_numbers=[number],
            )
        else:
            raise UserError(_("Choose how to send the link: e-mail or text message."))
        return True

    # --- lifecycle ------------------------------------------------------------------

    def _is_expired(self):
        self.ensure_one()
        return self.state in ("draft", "sent") and self.expiry_date <= fields.Datetime.now()

    def _check_still_payable(self):
        self.ensure_one()
        if self.state == "expired" or self._is_expired():
            raise UserError(_("Link %(link)s has expired: create a new one.", link=self.name))
        if self.state not in ("draft", "sent"):
            raise UserError(
                _(
                    "Link %(link)s is %(state)s: it cannot be sent any more.",
                    link=self.name,
                    state=dict(self._fields["state"]._description_selection(self.env))[self.state].lower(),
                )
            )

    def _check_token(self, token):
        return bool(token) and consteq(self.sudo().access_token or "", token)

    def action_cancel(self):
        """Cashiers withdraw unpaid links; undoing a payment is a manager's decision."""
        self.check_access("write")
        for link in self:
            if link.state == "cancel":
                continue
            if link.state == "paid":
                if not self.env.su and not self.env.user.has_group("point_of_sale.group_pos_manager"):
                    raise AccessError(_("Only a point of sale manager can cancel a paid link."))
                link._undo_payment()
            link.sudo().state = "cancel"
        return True

    def _undo_payment(self):
        self.ensure_one()
        if self.deposit_pos_order_id:
            raise UserError(
                _(
                    "The deposit of %(link)s was already deducted at the till on %(order)s.",
                    link=self.name,
                    order=self.deposit_pos_order_id.name,
                )
            )
        if self.purpose == "wallet" and self.loyalty_card_id:
            card = self.loyalty_card_id.sudo()
            if float_compare(card.points, self.amount, precision_rounding=self.currency_id.rounding) < 0:
                raise UserError(_("The wallet was already spent: it cannot be debited of this top-up."))
            card.points -= self.amount
            self.env["loyalty.history"].sudo().create(
                {
                    "card_id": card.id,
                    "description": _("Top-up %(link)s cancelled", link=self.name),
                    "used": self.amount,
                    "order_model": self._name,
                    "order_id": self.id,
                }
            )
        payment = self.payment_id.sudo()
        invoice = self.invoice_id.sudo().filtered(lambda move: move.state == "posted")
        if payment:
            payment.action_draft()
            payment.action_cancel()
        if invoice:
            # the credit note takes the down payment off the order again, or the top-up's sale
            invoice._reverse_moves(cancel=True)
        self.message_post(body=_("Payment cancelled: the money is to be refunded to the customer."))

    def action_open_send_wizard(self):
        self.ensure_one()
        self._check_still_payable()
        return self.env["pos.payment.link.wizard"]._action_open({"default_link_id": self.id})

    @api.model
    def _cron_expire(self):
        self.sudo().search([("state", "in", ("draft", "sent")), ("expiry_date", "<=", fields.Datetime.now())]).write(
            {"state": "expired"}
        )

    # --- payment --------------------------------------------------------------------

    def _lock_for_payment(self):
        """Serialise the concurrent notifications of a link's payment."""
        self.env.cr.execute(f"SELECT id FROM {self._table} WHERE id IN %s ORDER BY id FOR UPDATE", [tuple(self.ids)])

    def _payable_providers(self):
        """The providers the link's page offers: published, enabled or in test mode, of the
        link's company, and able to take its amount in its currency. The same answer whoever
        asks, so that the notification is checked against what the customer was shown."""
        self.ensure_one()
        providers = (
            self.env["payment.provider"]
            .sudo()
            ._get_compatible_providers(
                self.company_id.id, self.partner_id.id, self.amount, currency_id=self.currency_id.id
            )
        )
        return providers.filtered(lambda provider: provider.is_published and provider.company_id == self.company_id)

    def _payment_refusal_reason(self, transaction):
        """Why this transaction does not pay the link, or False when it does: only money the
        customer really paid, of the link's amount and currency, through the link's page."""
        self.ensure_one()
        if transaction.operation == "validation":
            return _("A check of the card (validation) pays nothing.")
        if transaction.operation == "refund" or transaction.state != "done":
            return _("The transaction is not a confirmed payment.")
        if self.state == "paid":
            return _("The link was already paid by another transaction.")
        if self.state in ("cancel", "expired") or self._is_expired():
            return _("The link was cancelled or had expired when the payment arrived.")
        if transaction.currency_id != self.currency_id:
            return _("The payment is not in the link's currency.")
        if float_compare(transaction.amount, self.amount, precision_rounding=self.currency_id.rounding):
            return _("The amount paid is not the amount of the link.")
        if transaction.provider_id not in self._payable_providers():
            return _("The payment went through a provider the link's page does not offer.")
        if self.purpose == "deposit":
            order = self.sale_order_id.sudo()
            paid = sum(
                order.payment_link_ids.filtered(
                    lambda link: link != self and link.purpose == "deposit" and link.state == "paid"
                ).mapped("amount")
            )
            if (
                order.state == "cancel"
                or float_compare(
                    paid + transaction.amount, order.amount_total, precision_rounding=self.currency_id.rounding
                )
                > 0
            ):
                return _("The order is cancelled or its deposits would exceed its total.")
        return False

    def _record_payment(self, transaction):
        """Apply a payment the link accepted: once, under the link's row lock."""
        self.ensure_one()
        link = self.sudo()
        values = {
            "state": "paid",
            "paid_date": fields.Datetime.now(),
            "payment_id": transaction.payment_id.id,
            "invoice_id": transaction.invoice_ids[:1].id,
        }
        if link.purpose == "wallet":
            values["loyalty_card_id"] = link._credit_wallet(transaction.amount).id
        link.write(values)
        link.message_post(
            body=_(
                "%(amount)s paid online (%(tx)s).",
                amount=format_amount(self.env, transaction.amount, transaction.currency_id),
                tx=transaction.reference,
            )
        )
        if link.sale_order_id:
            link.sale_order_id.message_post(
                body=_(
                    "Deposit of %(amount)s received through payment link %(link)s.",
                    amount=format_amount(self.env, transaction.amount, self.currency_id),
                    link=link.name,
                )
            )
        if link.pos_config_id:
            # the bus channel is only protected by its name: the till asks the server for the rest
            link.pos_config_id._notify("PAYMENT_LINK_PAID", {"id": link.id, "state": link.state})
        return True

    def _payment_link_manager(self):
        """Who is asked to deal with money the link did not accept: the point of sale manager
        who asked for the link, else the company's first one."""
        self.ensure_one()
        managers = (
            self.env.ref("point_of_sale.group_pos_manager")
            .sudo()
            .users.filtered(lambda user: not user.share and self.company_id in user.company_ids)
        )
        humans = managers.filtered(lambda user: user.id != SUPERUSER_ID)
        return (managers & self.user_id) or humans.sorted("id")[:1] or managers[:1] or self.env.ref("base.user_admin")

    def _flag_for_refund(self, transaction):
        """Money that did not pay the link: the link stays as it is, the manager is told, and
        the provider refunds it where it can."""
        self.ensure_one()
        link = self.sudo()
        reason = transaction.payment_link_refund_reason
        amount = format_amount(self.env, transaction.amount, transaction.currency_id)
        refund = self.env["payment.transaction"]
        provider = transaction.provider_id
        if transaction.payment_id and provider.support_refund in ("full_only", "partial"):
            try:
                with self.env.cr.savepoint():
                    refund = transaction._send_refund_request(amount_to_refund=transaction.amount)
            except (UserError, ValidationError) as error:
                link.message_post(
                    body=_("The provider refused to refund %(tx)s: %(error)s", tx=transaction.reference, error=error)
                )
        if refund:
            note = _(
                "%(amount)s received by %(tx)s did not pay the link (%(reason)s): a refund was asked of "
                "%(provider)s (%(refund)s). Check that it reached the customer.",
                amount=amount,
                tx=transaction.reference,
                reason=reason,
                provider=provider.name,
                refund=refund.reference,
            )
        elif transaction.payment_id:
            note = _(
                "%(amount)s received by %(tx)s did not pay the link (%(reason)s): refund the customer.",
                amount=amount,
                tx=transaction.reference,
                reason=reason,
            )
        else:
            note = _(
                "Transaction %(tx)s did not pay the link (%(reason)s): nothing was credited.",
                tx=transaction.reference,
                reason=reason,
            )
        link.message_post(body=note)
        link.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=_("Payment not accepted on %(link)s", link=link.name),
            note=note,
            user_id=link._payment_link_manager().id,
        )

    def _credit_wallet(self, amount):
        card = self.env["loyalty.card"].search(
            [
                ("program_id", "=", self.loyalty_program_id.id),
                ("partner_id", "=", self.partner_id.id),
            ],
            limit=1,
        )
        if not card:
            card = self.env["loyalty.card"].create(
                {"program_id": self.loyalty_program_id.id, "partner_id": self.partner_id.id, "points": 0}
            )
        card.points += amount
        self.env["loyalty.history"].create(
            {
                "card_id": card.id,
                "description": _("Top-up by payment link %(link)s", link=self.name),
                "issued": amount,
                "order_model": self._name,
                "order_id": self.id,
            }
        )
        return card

    def _create_invoice(self, amount):
        """The posted invoice the payment of the link settles: the sale of the eWallet's
        product for a top-up, the order's down payment for a deposit."""
        self.ensure_one()
        if self.purpose == "deposit":
            invoice = self._create_down_payment_invoice(amount)
        else:
            invoice = self.env["account.move"].sudo().create(self._prepare_wallet_invoice(amount))
        invoice.action_post()
        return invoice

    def _create_down_payment_invoice(self, amount):
        """A deposit is a down payment, invoiced with its VAT when it is received (French VAT on
        acomptes), through the sale's own wizard: the final invoice, or the order's pickup at the
        till, deducts it."""
        order = self.sale_order_id.sudo().with_company(self.company_id)
        if order.state in ("draft", "sent"):
            # the customer paid a deposit on the quotation: as Odoo's own online payment does
            order.action_confirm()
        wizard = (
            self.env["sale.advance.payment.inv"]
            .sudo()
            .with_company(self.company_id)
            .with_context(active_model="sale.order", active_ids=order.ids)
            .create(
                {
                    "advance_payment_method": "fixed",
                    "fixed_amount": amount,
                    "sale_order_ids": [Command.set(order.ids)],
                }
            )
        )
        invoice = wizard._create_invoices(order)
        invoice.invoice_origin = f"{order.name} ({self.name})"
        return invoice

    def _prepare_wallet_invoice(self, amount):
        """The top-up is the sale of the eWallet's product, as in the POS, invoiced and paid."""
        product = self.loyalty_program_id.trigger_product_ids[:1]
        if not product:
            raise UserError(
                _("The eWallet programme %(program)s has no top-up product.", program=self.loyalty_program_id.name)
            )
        return {
            "move_type": "out_invoice",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "currency_id": self.currency_id.id,
            "payment_link_wallet": True,
            "invoice_origin": self.name,
            "invoice_line_ids": [
                Command.create(
                    {
                        "product_id": product.id,
                        "name": _(
                            "Top-up of the %(wallet)s (%(link)s)", wallet=self.loyalty_program_id.name, link=self.name
                        ),
                        "quantity": 1,
                        "price_unit": amount,
                        # a multi-purpose voucher: VAT is due when it is spent, not when it is bought
                        "tax_ids": [Command.clear()],
                    }
                )
            ],
        }

    # --- deposits at the till -------------------------------------------------------

    def _down_payment_sale_lines(self):
        """The order's down-payment lines of this deposit's invoice."""
        return self.invoice_id.invoice_line_ids.sale_line_ids.filtered("is_downpayment")

    @api.model
    def _claim_deposits_for_pos_order(self, pos_order):
        """The deposits a till order deducts, taken under a row lock so that two tills never use
        one deposit: the down payments of its own sale orders, in its company, that its lines
        deduct, and the deposits of before down payments that its payment link method deducts.

        Returns (deposits taken, deposits its lines deduct although another order took them)."""
        company = pos_order.company_id
        dp_lines = pos_order.lines.filtered(
            lambda line: (
                line.sale_order_line_id.is_downpayment
                and line.qty < 0
                and line.sale_order_line_id.order_id == line.sale_order_origin_id
                and line.sale_order_origin_id.company_id == company
            )
        )
        orders = pos_order.lines.sale_order_origin_id.filtered(lambda order: order.company_id == company)
        candidates = self.sudo().search(
            [
                ("sale_order_id", "in", orders.ids),
                ("purpose", "=", "deposit"),
                ("state", "=", "paid"),
                ("company_id", "=", company.id),
            ]
        )
        if not candidates:
            return self.sudo(), self.sudo()
        candidates._lock_for_payment()
        candidates.invalidate_recordset()
        deducted_sols = dp_lines.sale_order_line_id
        by_line = candidates.filtered(lambda link: link.invoice_id and link._down_payment_sale_lines() & deducted_sols)
        taken_elsewhere = by_line.filtered(
            lambda link: link.deposit_pos_order_id and link.deposit_pos_order_id != pos_order
        )
        legacy = candidates.filtered(lambda link: not link.invoice_id and not link.deposit_pos_order_id)
        if not pos_order.payment_ids.filtered("payment_method_id.is_payment_link"):
            legacy = legacy.browse()
        taken = (by_line - taken_elsewhere).filtered(lambda link: not link.deposit_pos_order_id) | legacy
        taken.write({"deposit_pos_order_id": pos_order.id})
        return taken, taken_elsewhere

    def _deposit_sale_lines(self):
        """What the customer owes for the pickup paid with a deposit of before down payments:
        the invoice, or the customer's share of the session's entry for the payment link method."""
        order = self.deposit_pos_order_id
        if order.account_move:
            return order.account_move.line_ids
        names = {
            f"{order.session_id.name} - {method.name}"
            for method in order.payment_ids.payment_method_id.filtered("is_payment_link")
        }
        partner = self.partner_id.commercial_partner_id
        return order.session_id.move_id.line_ids.filtered(
            lambda line: line.partner_id == partner and line.name in names
        )

    # --- POS ------------------------------------------------------------------------

    def _pos_data(self):
        self.ensure_one()
        return {
            "id": self.id,
            "name": self.name,
            "state": self.state,
            "purpose": self.purpose,
            "amount": self.amount,
            "url": self.url,
            "qr_code": self.qr_code and f"data:image/png;base64,{self.qr_code.decode()}",
            "channel": self.channel,
            "sale_order_name": self.sale_order_id.name,
        }

    @api.model
    def _pos_config_with_links(self, config_id):
        config = self.env["pos.config"].browse(config_id).exists()
        if not config:
            raise UserError(_("This point of sale no longer exists."))
        config.check_access("read")
        if not config.payment_method_ids.filtered("is_payment_link"):
            raise UserError(_("Payment links are not enabled in %(pos)s.", pos=config.name))
        return config

    @api.model
    def create_from_pos(self, config_id, values):
        """A wallet top-up or an account settlement asked from the till, sent at once."""
        config = self._pos_config_with_links(config_id)
        purpose = values.get("purpose")
        if purpose not in ("wallet", "settlement"):
            raise UserError(_("A deposit is requested on an order."))
        partner = self.env["res.partner"].browse(values.get("partner_id")).exists()
        if not partner:
            raise UserError(_("Choose the customer first."))
        link_values = {
            "purpose": purpose,
            "partner_id": partner.id,
            "company_id": config.company_id.id,
            "currency_id": config.currency_id.id,
            "pos_config_id": config.id,
            "user_id": self.env.uid,
        }
        if purpose == "wallet":
            program = self.env["loyalty.program"].browse(values.get("loyalty_program_id")).exists()
            program = program or self.env["loyalty.program"].search(
                [("program_type", "=", "ewallet"), ("company_id", "in", (config.company_id.id, False))], limit=1
            )
            link_values.update(amount=values.get("amount") or 0.0, loyalty_program_id=program.id)
        else:
            lines = self.env["account.move.line"].sudo().browse(values.get("move_line_ids") or []).exists()
            link_values.update(self._settlement_values(lines.with_company(config.company_id)))
        link = self.with_company(config.company_id).sudo().create(link_values)
        link._send(values.get("channel"), values.get("address"))
        return link._pos_data()

    @api.model
    def create_deposit_from_pos(self, config_id, order_values, values):
        """An order taken by phone becomes a sale order, collected later at the till, with a
        deposit link for part or all of it."""
        config = self._pos_config_with_links(config_id)
        partner = self.env["res.partner"].browse(order_values.get("partner_id")).exists()
        if not partner:
            raise UserError(_("Choose the customer first."))
        if not order_values.get("lines"):
            raise UserError(_("Add the products of the order first."))
        sale_order = self._create_deposit_sale_order(config, partner, order_values)
        sale_order.action_confirm()
        link = (
            self.with_company(config.company_id)
            .sudo()
            .create(
                {
                    "purpose": "deposit",
                    "partner_id": partner.id,
                    "sale_order_id": sale_order.id,
                    "amount": values.get("amount") or 0.0,
                    "currency_id": sale_order.currency_id.id,
                    "company_id": config.company_id.id,
                    "pos_config_id": config.id,
                    "user_id": self.env.uid,
                }
            )
        )
        link._send(values.get("channel"), values.get("address"))
        return link._pos_data()

    @api.model
    def _create_deposit_sale_order(self, config, partner, order_values):
        """The sale order of an order rung up at the till and paid by a deposit link."""
        SaleLine = self.env["sale.order.line"].with_company(config.company_id)
        return (
            self.env["sale.order"]
            .sudo()
            .with_company(config.company_id)
            .create(
                {
                    "partner_id": partner.id,
                    "company_id": config.company_id.id,
                    "user_id": self.env.uid,
                    "origin": config.name,
                    "commitment_date": order_values.get("commitment_date") or False,
                    "note": order_values.get("note") or False,
                    "order_line": [
                        Command.create(SaleLine._payment_link_values_from_pos(line)) for line in order_values["lines"]
                    ],
                }
            )
        )

    @api.model
    def get_open_items_for_pos(self, config_id, partner_id):
        """The customer's unpaid invoices and sales on account, for the till to pick from."""
        config = self._pos_config_with_links(config_id)
        partner = self.env["res.partner"].browse(partner_id).exists()
        lines = self.env["pos.payment.link.wizard"].sudo().with_company(config.company_id)._open_items(partner)
        return [
            {
                "id": line.id,
                "name": line.move_name,
                "label": line.name or "",
                "date": fields.Date.to_string(line.date),
                "date_maturity": fields.Date.to_string(line.date_maturity or line.date),
                "amount_residual": line.amount_residual,
            }
            for line in lines
        ]

    @api.model
    def get_pos_status(self, link_ids):
        return [{"id": link.id, "state": link.state} for link in self.browse(link_ids).exists()]
