import logging

import psycopg2.errors

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.sql import index_exists

from .trusted import is_trusted

_logger = logging.getLogger(__name__)

# written by the addon's methods only (tier from the points of the year), or by a
# manager of the loyalty programmes
TIER_FIELDS = {"tier_id", "year_points"}
# Odoo's fields a cashier's till writes through Odoo's own sync, never by hand
HOLDER_FIELDS = {"points", "partner_id"}
CARD_MANAGER_GROUPS = ("point_of_sale.group_pos_manager", "sales_team.group_sale_manager")

BLOCK_GROUP = "customer_loyalty.group_block_loyalty_cards"
BLOCK_FIELDS = {"blocked", "block_reason_id", "blocked_date", "blocked_by_id", "replaced_by_id"}


class LoyaltyCard(models.Model):
    _inherit = "loyalty.card"

    # stored so that the database itself can keep one active card per customer and programme
    program_type = fields.Selection(related="program_id.program_type", store=True)
    # the yearly reset and the till's loading select the cards of a programme
    program_id = fields.Many2one(index=True)
    card_kind = fields.Selection(
        [("physical", "Physical"), ("virtual", "Virtual")],
        "Card",
        help="Physical: a card handed out at the till. Virtual: numbered by the system and sent by e-mail.",
    )
    tier_id = fields.Many2one(
        "loyalty.tier", domain="[('program_id', '=', program_id)]", tracking=True, index="btree_not_null"
    )
    year_points = fields.Float(
        "Points this year", readonly=True, help="Points earned since the programme's last yearly reset."
    )
    blocked = fields.Boolean(readonly=True, copy=False, tracking=True)
    block_reason_id = fields.Many2one(
        "loyalty.card.block.reason", "Block reason", readonly=True, copy=False, tracking=True
    )
    blocked_date = fields.Datetime("Blocked on", readonly=True, copy=False)
    blocked_by_id = fields.Many2one("res.users", "Blocked by", readonly=True, copy=False)
    replaced_by_id = fields.Many2one("loyalty.card", "Replaced by", readonly=True, copy=False)

    def init(self):
        result = super().init()
        if not index_exists(self.env.cr, "loyalty_card_one_active_per_customer"):
            self.env.cr.execute(
                """
                CREATE UNIQUE INDEX loyalty_card_one_active_per_customer ON loyalty_card (partner_id, program_id)
                 WHERE active AND partner_id IS NOT NULL AND program_type = 'loyalty'
                """
            )
        return result

    @api.model
    def _in_use_message(self):
        return _("The card is already in use")

    def _blocked_message(self):
        self.ensure_one()
        return _("Blocked card: %s", self.sudo().block_reason_id.name)

    def _check_card_fields(self, vals_list):
        """A cashier never sets a card's tier, its points of the year, nor the points
        or the holder of a loyalty card by hand: the till's sync and the addon's
        methods do. Managers of the programmes may; sellers keep Odoo's own flows
        (sale_loyalty) for their orders."""
        if is_trusted(self.env) or any(self.env.user.has_group(g) for g in CARD_MANAGER_GROUPS):
            return
        for vals in vals_list:
            if TIER_FIELDS.intersection(k for k, v in vals.items() if v):
                raise AccessError(_("Only a manager of the loyalty programmes changes a card's tier or points."))
        if self._may_set_card_points():
            return
        loyalty = self.filtered(lambda card: card.program_type == "loyalty")
        for vals in vals_list:
            if loyalty and HOLDER_FIELDS.intersection(vals):
                raise AccessError(
                    _("The points and the holder of a loyalty card change at the till's sale, not by hand.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_card_fields(vals_list)
        if not self._may_set_card_points():
            programs = self.env["loyalty.program"].sudo().browse({v.get("program_id") for v in vals_list} - {None})
            loyalty = set(programs.filtered(lambda p: p.program_type == "loyalty").ids)
            if any(vals.get("program_id") in loyalty and vals.get("points") for vals in vals_list):
                raise AccessError(
                    _("The points and the holder of a loyalty card change at the till's sale, not by hand.")
                )
        return super().create(vals_list)

    def _may_set_card_points(self):
        return (
            is_trusted(self.env)
            or any(self.env.user.has_group(g) for g in CARD_MANAGER_GROUPS)
            or self.env.user.has_group("sales_team.group_sale_salesman")
        )

    def write(self, vals):
        self._check_card_fields([vals])
        if BLOCK_FIELDS.intersection(vals) and not (self.env.su or self.env.user.has_group(BLOCK_GROUP)):
            raise AccessError(_("You are not allowed to block loyalty cards."))
        if vals.get("active") and any(card.blocked for card in self.sudo()):
            raise UserError(_("A blocked card cannot be reactivated: issue a new card."))
        return super().write(vals)

    # Assignment --------------------------------------------------------------

    @api.model
    def _assign_card(self, program, partner, kind, code=None):
        """Give ``partner`` the card ``code`` of the loyalty ``program`` (a virtual
        card is numbered here), and return it.

        A card number is on one customer only (Odoo's unique code) and a customer
        has one active card per programme (a unique partial index). The card row
        is locked without waiting, so that two tills assigning the same number at
        once get "The card is already in use" rather than a deadlock or a
        serialization error."""
        if not self.env.user.has_group("point_of_sale.group_pos_user") and not self.env.su:
            raise AccessError(_("Only point of sale users assign loyalty cards."))
        if program.program_type != "loyalty":
            raise ValidationError(_("%s is not a loyalty programme.", program.name))
        if not partner:
            raise ValidationError(_("Choose the customer first."))
        code = (code or "").strip()
        if kind == "virtual":
            code = self._generate_code()
        elif not code:
            raise ValidationError(_("Scan or type the card number."))
        cards = self.env["loyalty.card"].sudo().with_context(active_test=False, loyalty_no_mail=True)
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.flush_all()
                # a lock held by another till is the expected answer "in use", not an error to log
                self.env.cr.execute(
                    SQL("SELECT id FROM loyalty_card WHERE code = %s FOR UPDATE NOWAIT", code), log_exceptions=False
                )
                locked = self.env.cr.fetchall()
                card = cards.browse(locked[0][0]) if locked else cards
                current = cards.search(
                    [
                        ("partner_id", "=", partner.id),
                        ("program_id", "=", program.id),
                        ("active", "=", True),
                    ],
                    limit=1,
                )
                if card:
                    card._check_assignable(program, partner)
                    if card == current:
                        return card
                if current and current.card_kind:
                    raise ValidationError(
                        _(
                            "%(customer)s already has the card %(code)s in this programme: block it to issue "
                            "another one.",
                            customer=partner.display_name,
                            code=current.code,
                        )
                    )
                values = {"card_kind": kind}
                if current and card:
                    # a pre-printed card for a customer whose points the till counted on a card of its
                    # own, never handed out: the printed card takes its points and history
                    card._take_over(current, partner, values)
                elif current:
                    # the card the till opened for the customer's first points, never handed out: it takes the number
                    current.write({**values, "code": code})
                    card = current
                elif card:
                    card.write({**values, "partner_id": partner.id})
                else:
                    card = cards.create(
                        {
                            **values,
                            "program_id": program.id,
                            "partner_id": partner.id,
                            "code": code,
                            "points": 0,
                        }
                    )
                if not card.tier_id:
                    card.tier_id = program._tier_for_points(card.year_points)
                self.env.flush_all()
        except (
            psycopg2.errors.UniqueViolation,
            psycopg2.errors.LockNotAvailable,
            psycopg2.errors.SerializationFailure,
        ) as error:
            _logger.info("Loyalty card %s not assigned to partner %s: %s", code, partner.id, error.pgcode)
            self.env.invalidate_all()
            raise ValidationError(self._in_use_message()) from None
        card.message_post(body=_("Card given to %s.", partner.display_name))
        if kind == "virtual":
            card._send_virtual_card()
        return card

    def _take_over(self, automatic, partner, values):
        """This pre-printed card replaces ``automatic`` (the card the till opened for
        the customer's points): its points, points of the year, tier and history move
        here; the automatic card is archived, pointing to this one."""
        self.ensure_one()
        points, year_points, tier = automatic.points, automatic.year_points, automatic.tier_id
        # one active card per customer and programme: the automatic one goes first
        automatic.write({"active": False, "points": 0.0, "year_points": 0.0, "replaced_by_id": self.id})
        self.env.flush_all()
        self.write(
            {
                **values,
                "partner_id": partner.id,
                "points": self.points + points,
                "year_points": self.year_points + year_points,
                "tier_id": tier.id or self.tier_id.id,
            }
        )
        self._move_history_from(automatic)
        self.message_post(body=_("Replaces the card %(code)s (%(points)s points).", code=automatic.code, points=points))

    def _move_history_from(self, card):
        # the history follows the customer's number: re-pointed rather than copied, so each
        # order's points are counted once and the new card's total matches its lines
        self.env.execute_query(SQL("UPDATE loyalty_history SET card_id = %s WHERE card_id = %s", self.id, card.id))
        self.env["loyalty.history"].invalidate_model(["card_id"])
        (card | self).invalidate_recordset(["history_ids"])

    def _check_assignable(self, program, partner):
        self.ensure_one()
        if self.blocked:
            raise ValidationError(self._blocked_message())
        if self.partner_id and self.partner_id != partner:
            raise ValidationError(self._in_use_message())
        if self.program_id != program:
            raise ValidationError(
                _(
                    "The card %(code)s belongs to the programme %(program)s.",
                    code=self.code,
                    program=self.program_id.name,
                )
            )
        if not self.active:
            raise ValidationError(_("The card %s is archived.", self.code))

    def _send_virtual_card(self):
        template = self.env.ref("customer_loyalty.mail_template_virtual_loyalty_card", raise_if_not_found=False)
        if not template or not self.partner_id.email:
            return
        template.sudo().send_mail(self.id, email_layout_xmlid="mail.mail_notification_light")

    @api.model
    def pos_assign_card(self, program_id, partner_id, kind, code=None):
        """Assign a card from the till: ``{"card": values}`` or ``{"error": message}``."""
        try:
            card = self._assign_card(
                self.env["loyalty.program"].browse(program_id),
                self.env["res.partner"].browse(partner_id),
                kind,
                code,
            )
        except (UserError, ValidationError) as error:
            return {"error": error.args[0]}
        fields_to_read = self._load_pos_data_fields(None)
        return {"card": card.sudo().read(fields_to_read, load=False)[0]}

    @api.model
    def pos_find_card(self, config_id, code):
        """The loyalty card of ``code`` scanned at the till of ``config_id``:
        ``{"card": values, "partner_id": id}``, ``{"error": message}`` for a blocked
        card, or ``{}`` when the code is no loyalty card of this till."""
        config = self.env["pos.config"].browse(config_id).exists()
        code = (code or "").strip()
        if not config or not code:
            return {}
        config.check_access("read")
        card = self.with_context(active_test=False).search(
            [("code", "=", code), ("program_id.program_type", "=", "loyalty")], limit=1
        )
        if not card or card.program_id not in config._get_program_ids():
            return {}
        if card.blocked:
            return {"error": card._blocked_message()}
        if not card.active:
            return {"error": _("The card %s is archived.", card.code)}
        fields_to_read = self._load_pos_data_fields(None)
        return {"card": card.read(fields_to_read, load=False)[0], "partner_id": card.partner_id.id}

    @api.model
    def _load_pos_data_fields(self, config_id):
        return super()._load_pos_data_fields(config_id) + ["card_kind", "tier_id", "year_points", "blocked"]

    # The till's customer details --------------------------------------------

    @api.model
    def pos_card_details(self, partner_id):
        """The customer's loyalty cards for the till's customer details: number, kind,
        tier, points, points of the year and latest history; whether this user may
        block them, and the reasons to choose from."""
        partner = self.env["res.partner"].browse(partner_id).exists()
        if not partner:
            return {"cards": [], "can_block": False, "reasons": []}
        partner.check_access("read")
        cards = self.search(
            [("partner_id", "=", partner.id), ("program_type", "=", "loyalty"), ("card_kind", "!=", False)]
        )
        kinds = dict(self._fields["card_kind"]._description_selection(self.env))
        can_block = self.env.user.has_group(BLOCK_GROUP)
        reasons = self.env["loyalty.card.block.reason"].search([]) if can_block else []
        return {
            "cards": [
                {
                    "id": card.id,
                    "code": card.code,
                    "program": card.program_id.name,
                    "kind": kinds.get(card.card_kind, ""),
                    "tier": card.tier_id.name or "",
                    "points": card.points,
                    "year_points": card.year_points,
                    "history": [
                        {
                            "date": fields.Date.to_string(line.create_date),
                            "description": line.description,
                            "issued": line.issued,
                            "used": line.used,
                        }
                        for line in card.sudo().history_ids.sorted("id", reverse=True)[:10]
                    ],
                }
                for card in cards
            ],
            "can_block": can_block,
            "reasons": [{"id": r.id, "name": r.name, "is_upgrade": r.is_upgrade} for r in reasons],
        }

    @api.model
    def pos_block_card(self, card_id, reason_id, new_kind=False, new_code=False):
        """Block a card from the till, and issue the new one (an upgrade, a lost
        card): ``{"card": new card's values or False}`` or ``{"error": message}``;
        nothing is written on an error."""
        card = self.browse(card_id).exists()
        reason = self.env["loyalty.card.block.reason"].browse(reason_id).exists()
        if not card:
            return {"error": _("This card no longer exists.")}
        # a card of a company the user does not work for is not theirs to block
        card.check_access("read")
        try:
            with self.env.cr.savepoint():
                new_card = card._block(reason, new_code=new_code or None, new_kind=new_kind or None)
        except (AccessError, UserError, ValidationError) as error:
            return {"error": error.args[0]}
        if not new_card:
            return {"card": False}
        return {"card": new_card.sudo().read(self._load_pos_data_fields(None), load=False)[0]}

    # Blocking -----------------------------------------------------------------

    def action_block(self):
        self.ensure_one()
        return {
            "name": _("Block the card"),
            "type": "ir.actions.act_window",
            "res_model": "loyalty.card.block.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_card_id": self.id},
        }

    def _block(self, reason, new_code=None, new_kind=None):
        """Block the card for ``reason``; with ``new_kind``, issue the customer a
        new card (``new_code``, or numbered here for a virtual one) that takes the
        points, the points of the year and the history of this one."""
        self.ensure_one()
        if not (self.env.su or self.env.user.has_group(BLOCK_GROUP)):
            raise AccessError(_("You are not allowed to block loyalty cards."))
        if not reason:
            raise ValidationError(_("Choose why the card is blocked."))
        card = self.sudo().with_context(loyalty_no_mail=True)
        if card.blocked:
            raise ValidationError(card._blocked_message())
        tier = card.tier_id
        if reason.is_upgrade:
            if not new_kind:
                raise ValidationError(_("An upgrade gives the customer a new card: tick Create a new card."))
            tier = card.program_id._tier_for_points(card.year_points)
            if tier.points_threshold <= card.tier_id.points_threshold:
                raise ValidationError(
                    _(
                        "The card %(code)s has not reached a higher tier (%(points)s points this year).",
                        code=card.code,
                        points=card.year_points,
                    )
                )
        card.write(
            {
                "blocked": True,
                "active": False,
                "block_reason_id": reason.id,
                "blocked_date": fields.Datetime.now(),
                "blocked_by_id": self.env.uid,
            }
        )
        card.message_post(body=_("Card blocked: %s", reason.name))
        if not new_kind:
            return self.browse()
        new_card = (
            self.with_context(loyalty_no_mail=True)
            ._assign_card(card.program_id, card.partner_id, new_kind, new_code)
            .sudo()
        )
        points, year_points = card.points, card.year_points
        new_card.write(
            {"points": new_card.points + points, "year_points": new_card.year_points + year_points, "tier_id": tier.id}
        )
        card.write({"points": 0.0, "year_points": 0.0, "replaced_by_id": new_card.id})
        new_card._move_history_from(card)
        new_card.message_post(body=_("Replaces the card %(code)s (%(points)s points).", code=card.code, points=points))
        return new_card.with_env(self.env)

    # Tiers --------------------------------------------------------------------

    def _add_year_points(self, points_per_card):
        """Count points earned in the year and move automatic-upgrade cards up."""
        for card, points in points_per_card.items():
            card.year_points += points
            program = card.program_id
            if program.tier_upgrade != "automatic" or not program.tier_ids:
                continue
            tier = program._tier_for_points(card.year_points)
            if tier and tier.points_threshold > card.tier_id.points_threshold:
                card.tier_id = tier
