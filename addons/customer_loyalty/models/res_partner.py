from collections import defaultdict

import phonenumbers
from dateutil.relativedelta import relativedelta
from stdnum import get_cc_module
from stdnum.eu import vat as eu_vat
from stdnum.fr import siren, siret

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, float_compare, float_is_zero

from .trusted import is_trusted

# the figures the till needs to decide on a sale on account
POS_CREDIT_FIELDS = [
    "customer_credit_status",
    "customer_credit_available",
    "customer_credit_open",
    "customer_credit_checked_at",
]

ANONYMISE_GROUP = "customer_loyalty.group_anonymise_customers"

# personal data cleared from the customer and its contacts
SCRUBBED_FIELDS = [
    "street",
    "street2",
    "zip",
    "city",
    "state_id",
    "country_id",
    "email",
    "phone",
    "mobile",
    "vat",
    "company_registry",
    "siret",
    "website",
    "function",
    "title",
    "comment",
    "barcode",
    "ref",
    "image_1920",
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    customer_last_purchase = fields.Date("Last purchase", compute="_compute_customer_statistics")
    customer_purchase_count = fields.Integer(
        "Purchases",
        compute="_compute_customer_statistics",
        help="Till receipts and invoices, refunds aside.",
    )
    customer_amount_spent = fields.Monetary(
        "Amount spent",
        compute="_compute_customer_statistics",
        currency_field="customer_statistics_currency_id",
        help="Tax included, net of refunds, at the till and on invoices.",
    )
    customer_statistics_currency_id = fields.Many2one("res.currency", compute="_compute_customer_statistics_currency")

    # credit at the till, on top of Odoo's credit limit (the amount)
    pos_credit_mode = fields.Selection(
        [("none", "No credit"), ("limited", "Limited"), ("unlimited", "Unlimited")],
        "Credit at the till",
        company_dependent=True,
        groups="account.group_account_invoice,point_of_sale.group_pos_manager",
        help="No credit: sales on account are not offered. Limited: up to the credit limit, until its end date. "
        "Unlimited: no limit.",
    )
    pos_credit_valid_until = fields.Date(
        "Credit limit valid until",
        company_dependent=True,
        groups="account.group_account_invoice,point_of_sale.group_pos_manager",
        help="After this day the customer has no credit at the till. Empty: no end.",
    )
    customer_credit_open = fields.Monetary(
        "Owed",
        compute="_compute_customer_credit",
        currency_field="customer_statistics_currency_id",
        help="Unpaid invoices and sales on account not invoiced yet.",
    )
    customer_credit_available = fields.Monetary(
        "Credit available",
        compute="_compute_customer_credit",
        currency_field="customer_statistics_currency_id",
    )
    customer_credit_status = fields.Selection(
        [("none", "No credit"), ("limited", "Limited"), ("unlimited", "Unlimited")],
        "Credit",
        compute="_compute_customer_credit",
        help="What the till applies today (a limit past its end date gives no credit).",
    )

    def _compute_customer_statistics_currency(self):
        self.customer_statistics_currency_id = self.env.company.currency_id

    def _compute_customer_statistics(self):
        statistics = self._customer_statistics()
        for partner in self:
            last, count, amount = statistics.get(partner.commercial_partner_id.id, (False, 0, 0.0))
            partner.customer_last_purchase = last
            partner.customer_purchase_count = count
            partner.customer_amount_spent = amount

    def _customer_statistics(self):
        """``{commercial partner id: (last purchase date, purchases, amount)}`` over
        the company's statistics period (the last purchase whenever it was), for the current
        companies: POS orders (refunds count against the amount) and invoices not
        made from the till, in two aggregate queries whatever the history."""
        commercial_ids = list(set(self.commercial_partner_id.ids))
        if not commercial_ids:
            return {}
        since = fields.Date.context_today(self) - relativedelta(months=self.env.company.customer_statistics_months)
        company_ids = self.env.companies.ids
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT partner.commercial_partner_id,
                       max(pos.date_order)::date,
                       count(*) FILTER (WHERE pos.amount_total > 0 AND pos.date_order >= %(since)s),
                       coalesce(sum(pos.amount_total) FILTER (WHERE pos.date_order >= %(since)s), 0)
                  FROM pos_order pos
                  JOIN res_partner partner ON partner.id = pos.partner_id
                 WHERE partner.commercial_partner_id = ANY(%(partners)s)
                   AND pos.company_id = ANY(%(companies)s)
                   AND pos.state IN ('paid', 'done', 'invoiced')
              GROUP BY partner.commercial_partner_id
                """,
                since=since,
                partners=commercial_ids,
                companies=company_ids,
            )
        )
        rows += self.env.execute_query(
            SQL(
                """
                SELECT move.commercial_partner_id,
                       max(move.invoice_date) FILTER (WHERE move.move_type = 'out_invoice'),
                       count(*) FILTER (WHERE move.move_type = 'out_invoice' AND move.invoice_date >= %(since)s),
                       coalesce(sum(move.amount_total_signed) FILTER (WHERE move.invoice_date >= %(since)s), 0)
                  FROM account_move move
                 WHERE move.commercial_partner_id = ANY(%(partners)s)
                   AND move.company_id = ANY(%(companies)s)
                   AND move.state = 'posted'
                   AND move.move_type IN ('out_invoice', 'out_refund')
                   -- an invoiced till receipt is already counted as a POS order
                   AND NOT EXISTS (SELECT 1 FROM pos_order pos WHERE pos.account_move = move.id)
                   AND NOT EXISTS (
                        SELECT 1 FROM pos_order pos WHERE pos.account_move = move.reversed_entry_id
                   )
              GROUP BY move.commercial_partner_id
                """,
                since=since,
                partners=commercial_ids,
                companies=company_ids,
            )
        )
        result = {}
        for partner_id, last, count, amount in rows:
            previous_last, previous_count, previous_amount = result.get(partner_id, (False, 0, 0.0))
            result[partner_id] = (
                max(filter(None, (last, previous_last)), default=False),
                previous_count + count,
                previous_amount + float(amount),
            )
        return result

    def _compute_customer_credit(self):
        owed = self._customer_credit_owed()
        today = fields.Date.context_today(self)
        for partner in self:
            commercial = partner.commercial_partner_id.sudo()
            mode = commercial.pos_credit_mode or "none"
            if mode == "limited" and commercial.pos_credit_valid_until and commercial.pos_credit_valid_until < today:
                mode = "none"
            partner.customer_credit_status = mode
            partner.customer_credit_open = owed.get(commercial.id, 0.0)
            partner.customer_credit_available = (
                commercial.credit_limit - partner.customer_credit_open if mode == "limited" else 0.0
            )

    def _customer_credit_owed(self):
        """``{commercial partner id: owed}``: the open receivables (unpaid invoices,
        sales on account of closed sessions) plus the sales on account of sessions
        still open, not invoiced; two aggregate queries whatever the history."""
        commercial_ids = list(set(self.commercial_partner_id.ids))
        if not commercial_ids:
            return {}
        company_ids = self.env.companies.ids
        # what the queries read may still be in the cache (a session just closed...)
        self.env.flush_all()
        owed = dict(
            self.env.execute_query(
                SQL(
                    """
                    SELECT partner.commercial_partner_id, sum(line.amount_residual)
                      FROM account_move_line line
                      JOIN account_account account ON account.id = line.account_id
                      JOIN res_partner partner ON partner.id = line.partner_id
                     WHERE partner.commercial_partner_id = ANY(%(partners)s)
                       AND line.company_id = ANY(%(companies)s)
                       AND account.account_type = 'asset_receivable'
                       AND line.parent_state = 'posted'
                       AND NOT line.reconciled
                  GROUP BY partner.commercial_partner_id
                    """,
                    partners=commercial_ids,
                    companies=company_ids,
                )
            )
        )
        for partner_id, amount in self.env.execute_query(
            SQL(
                """
                SELECT partner.commercial_partner_id, sum(payment.amount)
                  FROM pos_payment payment
                  JOIN pos_payment_method method ON method.id = payment.payment_method_id
                  JOIN pos_order pos ON pos.id = payment.pos_order_id
                  JOIN pos_session session ON session.id = pos.session_id
                  JOIN res_partner partner ON partner.id = pos.partner_id
                 WHERE partner.commercial_partner_id = ANY(%(partners)s)
                   AND pos.company_id = ANY(%(companies)s)
                   AND method.pos_credit_controlled
                   AND session.state != 'closed'
                   AND pos.account_move IS NULL
                   AND pos.state IN ('paid', 'done')
              GROUP BY partner.commercial_partner_id
                """,
                partners=commercial_ids,
                companies=company_ids,
            )
        ):
            owed[partner_id] = float(owed.get(partner_id, 0.0)) + float(amount)
        return {partner_id: float(amount) for partner_id, amount in owed.items()}

    customer_credit_checked_at = fields.Datetime(
        "Credit figure of",
        compute="_compute_customer_credit_checked_at",
        help="When the credit figures were computed; the till shows their age when it cannot reach the server.",
    )

    def _compute_customer_credit_checked_at(self):
        self.customer_credit_checked_at = fields.Datetime.now()

    @api.model
    def _load_pos_data_fields(self, config_id):
        # the statistics are read when the customer details open (pos_customer_statistics):
        # for every customer at the till's opening, they were a third of its time
        return super()._load_pos_data_fields(config_id) + POS_CREDIT_FIELDS

    def pos_customer_statistics(self):
        """The statistics the till's customer details show, as they are now."""
        self.ensure_one()
        return self.read(["customer_last_purchase", "customer_purchase_count", "customer_amount_spent"])[0]

    def _e_invoice_consented(self, company):
        """Whether invoices may be e-mailed to this customer: always, unless
        ``company`` asks for the E-invoices consent. Then the contact's own answer
        counts, their company's when they gave none; only the active purposes of
        ``company`` (or of every company) count."""
        self.ensure_one()
        if not company.invoice_email_needs_consent:
            return True

        def answer(partner):
            statuses = {
                consent.status
                for consent in partner.sudo().consent_ids
                if consent.purpose_id.kind == "e_invoice"
                and consent.purpose_id.active
                and consent.purpose_id.company_id in (company, company.browse())
                and consent.status != "unknown"
            }
            return "refused" if "refused" in statuses else statuses.pop() if statuses else None

        status = answer(self) or (answer(self.commercial_partner_id) if self.commercial_partner_id != self else None)
        return status == "accepted"

    def pos_sales_history(self, limit=500):
        """The customer's item lines for the till's sales history, latest first: the
        till's orders and the invoices and credit notes of the back office (its
        contacts included). Each line says whether it was sold or returned, and what
        of a till line can still be refunded (Odoo's refund, from the till)."""
        self.ensure_one()
        commercial = self.commercial_partner_id
        pos_lines = self.env["pos.order.line"].search(
            [
                ("order_id.partner_id", "child_of", commercial.id),
                ("order_id.state", "in", ("paid", "done", "invoiced")),
            ],
            order="id desc",
            limit=limit,
        )
        history = [
            {
                "key": f"pos-{line.id}",
                "line_id": line.id,
                "order_id": line.order_id.id,
                "document": line.order_id.pos_reference or line.order_id.name,
                "date": fields.Datetime.to_string(line.order_id.date_order),
                "product": line.full_product_name or line.product_id.display_name,
                "status": "returned" if line.qty < 0 else "sold",
                "qty": line.qty,
                "price_unit": line.price_unit,
                "discount": line.discount,
                "total": line.price_subtotal_incl,
                "refundable": line.qty - line.refunded_qty if line.qty > 0 else 0.0,
            }
            for line in pos_lines
        ]
        self.check_access("read")
        # the cashier reads the customer's invoice lines here, not the invoices themselves
        invoice_lines = (
            self.env["account.move.line"]
            .sudo()
            .search(
                [
                    ("company_id", "in", self.env.companies.ids),
                    ("move_id.partner_id", "child_of", commercial.id),
                    ("move_id.move_type", "in", ("out_invoice", "out_refund")),
                    ("move_id.state", "=", "posted"),
                    ("display_type", "=", "product"),
                    # a till's invoice is the till's order, listed above
                    ("move_id.pos_order_ids", "=", False),
                ],
                order="id desc",
                limit=limit,
            )
        )
        for line in invoice_lines:
            refund = line.move_id.move_type == "out_refund"
            history.append(
                {
                    "key": f"inv-{line.id}",
                    "line_id": False,
                    "order_id": False,
                    "document": line.move_id.name,
                    "date": fields.Datetime.to_string(
                        fields.Datetime.to_datetime(line.move_id.invoice_date or line.date)
                    ),
                    "product": line.product_id.display_name or line.name,
                    "status": "returned" if refund else "sold",
                    "qty": -line.quantity if refund else line.quantity,
                    "price_unit": line.price_unit,
                    "discount": line.discount,
                    "total": -line.price_total if refund else line.price_total,
                    "refundable": 0.0,
                }
            )
        history.sort(key=lambda item: item["date"], reverse=True)
        return history[:limit]

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("is_anonymised") for vals in vals_list) and not is_trusted(self.env):
            raise AccessError(_("A customer is anonymised by the Anonymise action only."))
        from_pos = self.env.context.get("pos_customer_creation")
        if from_pos and any(vals.get("pos_credit_mode") == "unlimited" for vals in vals_list):
            raise UserError(
                _("A customer created at the till cannot have unlimited credit: give it from the back office.")
            )
        checked = self.env.context.get("customer_validation")
        if checked:
            vals_list = [self._customer_checked_vals(vals) for vals in vals_list]
            # the customer saved is checked, not the records its save writes in turn (its contacts)
            partners = super(ResPartner, self.with_context(customer_validation=False)).create(vals_list)
            partners = partners.with_env(self.env)
        else:
            partners = super().create(vals_list)
        partners._create_missing_consents()
        if checked:
            for partner in partners:
                partner._check_customer_required_fields()
        if from_pos:
            # whatever the default credit of new customers, none is unlimited when made at the till
            partners.sudo().filtered(lambda partner: partner.pos_credit_mode == "unlimited").pos_credit_mode = "none"
        return partners

    @api.model
    def _pos_credit_keep_existing(self):
        """The credit at the till of the customers already there, per company, as
        Odoo's own settings gave it (see hooks.py); customers with a credit mode of
        their own keep it. Returns ``{company: (limited, unlimited)}``."""
        companies = self.env["res.company"].sudo().search([])
        partners = self.sudo().search([("parent_id", "=", False), ("id", "not in", companies.partner_id.ids)])
        result = {}
        for company in companies:
            here = partners.with_company(company).filtered(
                lambda p, c=company: not p.pos_credit_mode and p.company_id in (c, companies.browse())
            )
            # Odoo reads a credit limit of 0 as no limit
            limited = here.filtered(lambda p: p.credit_limit > 0) if company.account_use_credit_limit else here.browse()
            unlimited = here - limited
            limited.pos_credit_mode = "limited"
            unlimited.pos_credit_mode = "unlimited"
            result[company] = (limited, unlimited)
        return result

    def pos_credit_refresh(self):
        """Fresh credit figures of these customers, for the till."""
        return self.read(POS_CREDIT_FIELDS)

    @api.model
    def _pos_credit_rule(self, control, status, available, amount, age_minutes=0, stale_minutes=0, rounding=0.01):
        """``ok``, ``warning`` or ``block`` for ``amount`` put on the account of a
        customer whose credit is ``status`` with ``available`` left, under the control
        level ``control``. The till applies the same rule (static/src/app/pos_credit/
        pos_credit.js) to the figures it loaded, ``age_minutes`` old; a figure older
        than ``stale_minutes`` blocks sales on account."""
        if control == "none" or float_compare(amount, 0.0, precision_rounding=rounding) <= 0:
            return "ok"
        if stale_minutes and age_minutes > stale_minutes:
            return "block"
        if status == "unlimited":
            return "ok"
        if status == "limited" and float_compare(amount, available, precision_rounding=rounding) <= 0:
            return "ok"
        return control

    def _pos_credit_verdict(self, amount, config, already_counted=False):
        """The rule above for this customer at ``config``, on today's figures; with
        ``already_counted``, ``amount`` is already part of what the customer owes (an
        order just synced)."""
        self.ensure_one()
        self.invalidate_recordset(["customer_credit_status", "customer_credit_available", "customer_credit_open"])
        available = self.customer_credit_available + (amount if already_counted else 0.0)
        return self._pos_credit_rule(
            config.pos_credit_control_effective,
            self.customer_credit_status,
            available,
            amount,
            rounding=config.currency_id.rounding,
        )

    def pos_customer_coupons(self):
        """The coupons, gift cards and vouchers of this customer (its contacts
        included) for the till, with their status and use: a search of the cards and
        one of their history, whatever their number."""
        self.ensure_one()
        cards = (
            self.env["loyalty.card"]
            .with_context(active_test=False)
            .search([("partner_id", "child_of", self.commercial_partner_id.id)])
        )
        # cards of loyalty programs and eWallets belong to the customer: they are not coupons
        cards = cards.filtered(lambda card: not card.program_id.is_nominative)
        history = defaultdict(list)
        for line in self.env["loyalty.history"].search_read(
            [("card_id", "in", cards.ids)], ["card_id", "create_date", "description", "issued", "used"], load=False
        ):
            history[line["card_id"]].append(line)
        blocked = self._customer_coupons_blocked(cards)
        # the day as the till user lives it: their time zone, not the server's UTC
        today = fields.Date.context_today(self)

        def local_date(timestamp):
            return fields.Datetime.context_timestamp(self, timestamp).date()

        program_types = dict(self.env["loyalty.program"]._fields["program_type"]._description_selection(self.env))
        result = []
        for card in cards:
            program = card.program_id
            lines = history[card.id]
            valid_until = min(filter(None, (card.expiration_date, program.date_to)), default=False)
            if card in blocked:
                status = "blocked"
            elif float_is_zero(card.points, precision_digits=2) and any(line["used"] for line in lines):
                status = "used"
            elif valid_until and valid_until < today:
                status = "expired"
            elif not (card.active and program.active) or (program.date_from and program.date_from > today):
                status = "inactive"
            else:
                status = "active"
            result.append(
                {
                    "id": card.id,
                    "code": card.code,
                    "program": program.name,
                    "program_type": program_types.get(program.program_type, ""),
                    "reward": ", ".join(filter(None, program.reward_ids.mapped("description"))),
                    "balance": card.points_display,
                    "valid_from": fields.Date.to_string(local_date(card.create_date)),
                    "valid_until": fields.Date.to_string(valid_until) if valid_until else False,
                    "status": status,
                    "history": [
                        {
                            "date": fields.Date.to_string(local_date(line["create_date"])),
                            "description": line["description"],
                            "issued": line["issued"],
                            "used": line["used"],
                        }
                        for line in sorted(lines, key=lambda line: line["create_date"])
                    ],
                }
            )
        return result

    def _customer_coupons_blocked(self, cards):
        """The ``cards`` the shop blocked (card blocking adds the ``blocked`` flag)."""
        return cards.filtered("blocked") if "blocked" in cards._fields else cards.browse()

    consent_ids = fields.One2many(
        "res.partner.consent",
        "partner_id",
        "Consents",
        domain=[("purpose_active", "=", True)],
    )
    # the default serves the form of a new customer, where a field without dependencies is not computed
    can_manage_consents = fields.Boolean(
        compute="_compute_can_manage_consents",
        default=lambda self: self.env.user.has_group("customer_loyalty.group_manage_consents"),
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if (
            "consent_ids" in fields_list
            and not values.get("consent_ids")
            and self.env.user.has_group("customer_loyalty.group_manage_consents")
        ):
            # the form of a new customer shows every purpose, for the answers to be recorded at once
            # (for other users, the lines are made when the customer is saved)
            purposes = self.env["res.partner.consent.purpose"].search([])
            values["consent_ids"] = [Command.create({"purpose_id": purpose.id}) for purpose in purposes]
        return values

    @api.depends_context("uid")
    def _compute_can_manage_consents(self):
        self.can_manage_consents = self.env.user.has_group("customer_loyalty.group_manage_consents")

    def _create_missing_consents(self):
        partners = self
        # every purpose shows on a new customer, unknown until the customer answers
        purposes = self.env["res.partner.consent.purpose"].sudo().search([])
        existing = {(consent.partner_id.id, consent.purpose_id.id) for consent in partners.sudo().consent_ids}
        missing = [
            {"partner_id": partner.id, "purpose_id": purpose.id}
            for partner in partners
            for purpose in purposes
            if (partner.id, purpose.id) not in existing
            and (not purpose.company_id or not partner.company_id or purpose.company_id == partner.company_id)
        ]
        if missing:
            self.env["res.partner.consent"].sudo().create(missing)

    def _consent_missing_address(self, channel):
        """What the customer lacks to be reached on ``channel`` (a label), or ``""``."""
        self.ensure_one()
        if channel == "email" and not self.email:
            return _("an e-mail address")
        if channel == "sms" and not (self.mobile or self.phone):
            return _("a mobile number")
        if channel == "post" and not (self.street and self.city and self.zip):
            return _("a postal address")
        return ""

    @api.constrains("email", "mobile", "phone", "street", "city", "zip")
    def _check_consent_addresses(self):
        self.sudo().consent_ids._check_channel_address()

    confirm_duplicate_vat = fields.Boolean(
        "It is another customer",
        compute="_compute_confirm_duplicate_vat",
        inverse="_inverse_confirm_duplicate_vat",
        help="Tick to save a customer whose VAT number another customer already has.",
    )

    def _compute_confirm_duplicate_vat(self):
        self.confirm_duplicate_vat = False

    def _inverse_confirm_duplicate_vat(self):
        # only read by create/write, for this one save
        return

    def web_save(self, vals, specification, next_id=None):
        # a person saves the customer form (back office, or the till's customer editor):
        # the checks below apply; imports and other modules' code create partners as they are
        return super(ResPartner, self.with_context(customer_validation=True)).web_save(
            vals, specification, next_id=next_id
        )

    def write(self, vals):
        if "is_anonymised" in vals and not is_trusted(self.env):
            raise AccessError(_("A customer is anonymised by the Anonymise action only."))
        if not self.env.context.get("customer_validation"):
            return super().write(vals)
        for partner in self.with_context(customer_validation=False):
            super(ResPartner, partner).write(self._customer_checked_vals(vals, partner))
            partner._check_customer_required_fields()
        return True

    # normalisation and checks -------------------------------------------------

    def _customer_country_code(self, vals):
        country = self.env["res.country"].browse(vals["country_id"]) if vals.get("country_id") else self.country_id
        return (country or self.env.company.country_id).code or "FR"

    @api.model
    def _customer_checked_vals(self, vals, partner=None):
        """``vals`` with the VAT and SIRET numbers compacted and checked, and the phone
        numbers in international format; an invalid number, or a VAT number another
        customer has (unless the user confirmed), raises a ValidationError before
        anything is written (and before base_vat's own check, when installed)."""
        partner = partner or self.browse()
        vals = dict(vals)
        country_code = partner._customer_country_code(vals)
        for fname in ("phone", "mobile"):
            if vals.get(fname):
                vals[fname] = self._customer_phone_format(vals[fname], country_code)
        if vals.get("vat"):
            vals["vat"] = vals["vat"].replace(" ", "").replace(".", "").replace("-", "").upper()
            if not self._customer_vat_is_valid(vals["vat"], country_code):
                raise ValidationError(_("%s is not a valid VAT number.", vals["vat"]))
            if not (vals.get("confirm_duplicate_vat") or self.env.context.get("confirm_duplicate_vat")):
                partner._check_duplicate_vat(vals)
        for fname in ("siret", "company_registry"):
            if not (vals.get(fname) and fname in self._fields):
                continue
            vals[fname] = vals[fname].replace(" ", "").replace(".", "")
            # the company ID of a French company is its SIREN (9 digits) or one of its SIRET (14)
            if country_code == "FR" and not (
                siret.is_valid(vals[fname]) or (fname == "company_registry" and siren.is_valid(vals[fname]))
            ):
                raise ValidationError(_("%s is not a valid SIRET number.", vals[fname]))
        return vals

    @api.model
    def _customer_phone_format(self, number, country_code):
        try:
            parsed = phonenumbers.parse(number, country_code)
        except phonenumbers.NumberParseException:
            parsed = None
        if not parsed or not phonenumbers.is_valid_number(parsed):
            raise ValidationError(_("%s is not a valid phone number.", number))
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)

    @api.model
    def _customer_vat_is_valid(self, vat, country_code):
        """python-stdnum's checksum of ``vat``: a VAT number with a country prefix is
        checked against that country's rules, one without against the customer's
        country; a country stdnum does not know is accepted as typed."""
        prefix = vat[:2].lower()
        if prefix.isalpha():
            if prefix in eu_vat.MEMBER_STATES or prefix == "el":
                return eu_vat.is_valid(vat)
            module = get_cc_module(prefix, "vat")
            return module.is_valid(vat[2:]) if module else True
        module = get_cc_module(country_code.lower(), "vat")
        return module.is_valid(vat) if module else True

    def _check_duplicate_vat(self, vals):
        """Refuse ``vals["vat"]`` when another customer has it; a contact shares the
        VAT number of its company and is not checked."""
        if vals.get("parent_id") or (self.parent_id and "parent_id" not in vals):
            return
        domain = [("vat", "=", vals["vat"]), ("parent_id", "=", False)]
        if self:
            domain += [("id", "!=", self.id), "!", ("id", "child_of", self.id)]
        company_id = vals.get("company_id", self.company_id.id)
        if company_id:
            domain += [("company_id", "in", [False, company_id])]
        other = self.with_context(active_test=False).sudo().search(domain, limit=1)
        if other:
            raise ValidationError(
                _(
                    "%(customer)s already has the VAT number %(vat)s. If this is another customer, "
                    'tick "It is another customer" and save again.',
                    customer=other.display_name,
                    vat=vals["vat"],
                )
            )

    def _check_customer_required_fields(self):
        if self.type != "contact":
            return
        lines = (
            self.env["res.partner.required.field"]
            .sudo()
            .search([("company_id", "=", self.env.company.id), ("company_type", "=", self.company_type)])
        )
        labels = dict(lines._fields["field_name"]._description_selection(self.env))
        missing = [
            labels[line.field_name] for line in lines if line.field_name in self._fields and not self[line.field_name]
        ]
        if missing:
            raise ValidationError(_("Missing for this customer: %s.", ", ".join(missing)))

    is_anonymised = fields.Boolean("Anonymised", readonly=True, copy=False, index="btree_not_null")

    def action_anonymise(self):
        """Scrub the personal data of these customers and their contacts, and archive
        them. Their invoices and till receipts stay, with their amounts, pointing at
        the anonymised customer; loyalty cards keep their points and history under a
        scrubbed number that can no longer be scanned."""
        if not self.env.user.has_group(ANONYMISE_GROUP):
            raise AccessError(_("You are not allowed to anonymise customers."))
        partners = self.with_context(active_test=False).search([("id", "child_of", self.ids)]).sudo()
        if partners.user_ids:
            raise ValidationError(
                _("%s is a user of Odoo: remove the user before anonymising.", partners.user_ids[0].partner_id.name)
            )
        # what their own write would track (old name, e-mail, phone...) is never kept
        quiet = {"tracking_disable": True, "mail_notrack": True, "mail_create_nolog": True, "active_test": False}
        partners = partners.with_context(**quiet)
        cards = self.env["loyalty.card"].sudo().with_context(**quiet).search([("partner_id", "in", partners.ids)])
        personal = partners._anonymised_values() + [code for code in cards.mapped("code") if code]
        orders = self.env["pos.order"].sudo().with_context(**quiet).search([("partner_id", "in", partners.ids)])
        for card in cards:
            card.write({"code": f"ANON-{card.id}", "active": False})
        # the consents of archived purposes too
        self.env["res.partner.consent"].sudo().search([("partner_id", "in", partners.ids)]).unlink()
        blank = {fname: False for fname in SCRUBBED_FIELDS if fname in partners._fields}
        for partner in partners:
            partner.write(dict(blank, name=_("Anonymised customer #%s", partner.id), active=False, is_anonymised=True))
        # the till's receipts keep their amounts, not the e-mail and phone typed at the till
        orders.write({"email": False, "mobile": False})
        (partners.message_ids | cards.message_ids).unlink()
        self._scrub_messages(orders, partners, personal)
        return True

    def _anonymised_values(self):
        """The personal values of these customers a text may still hold."""
        values = []
        for partner in self:
            values += [partner.name, partner.email, partner.phone, partner.mobile, partner.street, partner.vat]
        return [value for value in values if value and len(value) > 2]

    @api.model
    def _scrub_messages(self, records, partners, personal):
        """No message of ``records`` (the customer's receipts) says who they were, no
        tracked value keeps it, and no message they wrote keeps their address."""
        Message = self.env["mail.message"].sudo()
        messages = Message.search([("model", "=", records._name), ("res_id", "in", records.ids)])
        for message in messages:
            if any(value.lower() in str(message.body or "").lower() for value in personal):
                message.write({"body": _("<p>(anonymised)</p>")})
        trackings = messages.tracking_value_ids | Message.search([("author_id", "in", partners.ids)]).tracking_value_ids
        trackings.filtered(
            lambda t: any(
                value.lower()
                in f"{t.old_value_char or ''} {t.new_value_char or ''} {t.old_value_text or ''} "
                f"{t.new_value_text or ''}".lower()
                for value in personal
            )
        ).unlink()
        Message.search([("author_id", "in", partners.ids)]).write({"email_from": False})

    def _check_not_anonymised(self):
        if any(partner.is_anonymised for partner in self.sudo()):
            raise ValidationError(_("This customer's data has been anonymised: it can no longer be used."))

    @api.model
    def _load_pos_data_domain(self, data):
        return super()._load_pos_data_domain(data) + [("is_anonymised", "=", False)]
