from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class LoyaltyTier(models.Model):
    _name = "loyalty.tier"
    _inherit = ["pos.load.mixin"]
    _description = "Tier of a loyalty programme"
    _order = "program_id, points_threshold, sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    program_id = fields.Many2one(
        "loyalty.program",
        "Loyalty programme",
        required=True,
        ondelete="cascade",
        domain=[("program_type", "=", "loyalty")],
    )
    company_id = fields.Many2one(related="program_id.company_id", store=True)
    points_threshold = fields.Float(
        "Points in the year",
        help="A card reaches this tier once it has earned this many points within the year (since the last reset).",
    )
    promotion_ids = fields.Many2many(
        "loyalty.program",
        "loyalty_program_loyalty_tier_rel",
        "loyalty_tier_id",
        "loyalty_program_id",
        "Discounts",
        help="The card-gated promotions that holders of this tier get.",
    )

    _sql_constraints = [
        ("points_threshold_positive", "CHECK(points_threshold >= 0)", "A tier threshold cannot be negative."),
    ]

    @api.constrains("program_id", "points_threshold")
    def _check_threshold_unique(self):
        for tier in self:
            if self.search_count(
                [
                    ("program_id", "=", tier.program_id.id),
                    ("points_threshold", "=", tier.points_threshold),
                    ("id", "!=", tier.id),
                ]
            ):
                raise ValidationError(_("Two tiers of the programme %s have the same threshold.", tier.program_id.name))

    @api.model
    def _load_pos_data_domain(self, data):
        return [("program_id", "in", [program["id"] for program in data["loyalty.program"]["data"]])]

    @api.model
    def _load_pos_data_fields(self, config_id):
        return ["name", "program_id", "points_threshold"]
