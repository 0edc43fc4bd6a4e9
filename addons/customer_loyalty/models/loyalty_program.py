import calendar
from datetime import date

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL


class LoyaltyProgram(models.Model):
    _inherit = "loyalty.program"

    tier_ids = fields.One2many("loyalty.tier", "program_id", "Tiers")
    tier_upgrade = fields.Selection(
        [("automatic", "Automatic"), ("reissue", "New card (block with an upgrade reason)")],
        "Tier upgrade",
        default="automatic",
        help="Automatic: the card moves to the higher tier as soon as it reaches the threshold. "
        "New card: the cashier blocks the card with an upgrade reason and hands out a new card of the higher tier.",
    )
    points_reset = fields.Boolean(
        "Reset points every year",
        help="On the reset day, the points of every card of the programme are set to zero, with a line in each "
        "card's history.",
    )
    points_reset_month = fields.Selection(
        [(str(month), calendar.month_name[month]) for month in range(1, 13)], "Reset month", default="1"
    )
    points_reset_day = fields.Integer("Reset day", default=1)
    last_reset_year = fields.Integer(
        "Points last reset in", readonly=True, copy=False, help="The reset runs once a year: this is the last year."
    )
    requires_loyalty_card = fields.Boolean(
        "Requires a loyalty card",
        help="The rewards apply only when the order's customer holds an active (not blocked) loyalty card.",
    )
    loyalty_tier_ids = fields.Many2many(
        "loyalty.tier",
        "loyalty_program_loyalty_tier_rel",
        "loyalty_program_id",
        "loyalty_tier_id",
        "Card tiers",
        help="Only holders of a card of these tiers get the rewards. Empty: any loyalty card.",
    )

    @api.constrains("points_reset_month", "points_reset_day")
    def _check_points_reset_date(self):
        for program in self.filtered("points_reset"):
            month = int(program.points_reset_month or 0)
            if not month or not 1 <= program.points_reset_day <= calendar.monthrange(2023, month)[1]:
                raise ValidationError(_("The reset day of the programme %s is not a day of its month.", program.name))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("points_reset") and not vals.get("last_reset_year"):
                vals["last_reset_year"] = fields.Date.context_today(self).year
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("points_reset") and not vals.get("last_reset_year"):
            # the first reset is next year's: switching it on mid-year must not empty the cards at once
            self.filtered(lambda program: not program.points_reset).last_reset_year = fields.Date.context_today(
                self
            ).year
        return super().write(vals)

    @api.model
    def _load_pos_data_fields(self, config_id):
        return super()._load_pos_data_fields(config_id) + ["requires_loyalty_card", "loyalty_tier_ids"]

    @api.model
    def _loyalty_card_rule(self, requires_card, tier_ids, cards):
        """Whether a discount is granted to a customer holding ``cards`` (``[{"tier_id",
        "blocked"}]``, ``tier_id`` False for a card without tier): anyone when the
        programme ``requires_card`` not, else a card not blocked, of one of the
        programme's ``tier_ids`` when it names some. The till applies the same rule
        (loyaltyCardRule, static/src/app/loyalty_cards/pos_order_patch.js), tested
        with the same table (static/tests/rule_cases.json)."""
        if not requires_card:
            return True
        usable = [card["tier_id"] for card in cards if not card["blocked"]]
        if not tier_ids:
            return bool(usable)
        return any(tier in tier_ids for tier in usable)

    def _loyalty_card_allows(self, cards):
        """The rule above for this programme and the customer's ``cards``."""
        self.ensure_one()
        return self._loyalty_card_rule(
            self.requires_loyalty_card,
            self.loyalty_tier_ids.ids,
            [{"tier_id": card.tier_id.id, "blocked": card.blocked} for card in cards],
        )

    def _tier_for_points(self, points):
        """The highest tier of the programme whose threshold ``points`` reach."""
        self.ensure_one()
        return self.tier_ids.filtered(lambda tier: tier.points_threshold <= points).sorted("points_threshold")[-1:]

    def _points_reset_due(self, today):
        self.ensure_one()
        reset_day = date(today.year, int(self.points_reset_month), self.points_reset_day)
        return today >= reset_day and (self.last_reset_year or 0) < today.year

    @api.model
    def _cron_reset_year_points(self, today=None):
        """Set the points of the due programmes' cards to zero, once a year.

        One INSERT ... SELECT writes the trace in the cards' history and one UPDATE
        empties the cards, whatever their number. The programmes are locked and
        marked with the year in the same transaction, so a second run (or two at
        once) finds nothing left to do."""
        today = today or fields.Date.context_today(self)
        programs = self.search([("points_reset", "=", True), ("program_type", "=", "loyalty")])
        due = programs.filtered(lambda program: program._points_reset_due(today))
        if not due:
            return self.browse()
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT id FROM loyalty_program
                 WHERE id = ANY(%(ids)s) AND coalesce(last_reset_year, 0) < %(year)s
                   FOR UPDATE
                """,
                ids=due.ids,
                year=today.year,
            )
        )
        due = self.browse(row[0] for row in rows)
        if not due:
            return due
        self.env.execute_query(
            SQL(
                """
                INSERT INTO loyalty_history (card_id, description, issued, used, create_uid, create_date,
                                             write_uid, write_date)
                SELECT card.id, %(description)s, 0, card.points, %(uid)s, now() at time zone 'UTC',
                       %(uid)s, now() at time zone 'UTC'
                  FROM loyalty_card card
                 WHERE card.program_id = ANY(%(ids)s) AND card.points <> 0
                """,
                description=_("Points reset for the year %s", today.year),
                uid=self.env.uid,
                ids=due.ids,
            )
        )
        self.env.execute_query(
            SQL(
                """
                UPDATE loyalty_card
                   SET points = 0, year_points = 0, write_uid = %(uid)s, write_date = now() at time zone 'UTC'
                 WHERE program_id = ANY(%(ids)s) AND (points <> 0 OR year_points <> 0)
                """,
                uid=self.env.uid,
                ids=due.ids,
            )
        )
        due.last_reset_year = today.year
        self.env["loyalty.card"].invalidate_model(["points", "year_points", "history_ids"])
        self.env["loyalty.history"].invalidate_model()
        return due
