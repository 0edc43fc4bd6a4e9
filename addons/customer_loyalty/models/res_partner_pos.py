from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero

# the figures the till needs to decide on a sale on account
POS_CREDIT_FIELDS = [
    "customer_credit_status",
    "customer_credit_available",
    "customer_credit_open",
    "customer_credit_checked_at",
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    customer_credit_checked_at = fields.Datetime(
        "Credit figure of",
        compute="_compute_customer_credit_checked_at",
        help="When the credit figures were computed; the till shows their age when it cannot reach the server.",
    )

    def _compute_customer_credit_checked_at(self):
        self.customer_credit_checked_at = fields.Datetime.now()

    @api.model
    def _load_pos_data_fields(self, config_id):
        return (
            super()._load_pos_data_fields(config_id)
            + POS_CREDIT_FIELDS
            + [
                "customer_last_purchase",
                "customer_purchase_count",
                "customer_amount_spent",
            ]
        )

    @api.model_create_multi
    def create(self, vals_list):
        from_pos = self.env.context.get("pos_customer_creation")
        if from_pos and any(vals.get("pos_credit_mode") == "unlimited" for vals in vals_list):
            raise UserError(
                _("A customer created at the till cannot have unlimited credit: give it from the back office.")
            )
        partners = super().create(vals_list)
        if from_pos:
            # whatever the default credit of new customers, none is unlimited when made at the till
            partners.sudo().filtered(lambda partner: partner.pos_credit_mode == "unlimited").pos_credit_mode = "none"
        return partners

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
        today = fields.Date.context_today(self)
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
                    "valid_from": fields.Date.to_string(card.create_date.date()),
                    "valid_until": fields.Date.to_string(valid_until) if valid_until else False,
                    "status": status,
                    "history": [
                        {
                            "date": fields.Date.to_string(line["create_date"].date()),
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
