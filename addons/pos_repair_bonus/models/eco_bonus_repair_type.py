from odoo import api, fields, models


class EcoBonusRepairType(models.Model):
    """A repair type of the bonus grid (a resoling, heel tips...): a stable record
    products and claims point at, its amounts dated children
    (``eco.bonus.repair.amount``)."""

    _name = "eco.bonus.repair.type"
    _inherit = ["pos.load.mixin"]
    _description = "Repair bonus type"
    _order = "family_id, sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="The code the eco-organism gives this repair type.")
    sequence = fields.Integer(default=10)
    family_id = fields.Many2one("eco.bonus.family", required=True, ondelete="cascade", index=True)
    organism_code = fields.Selection(related="family_id.organism_code", store=True)
    company_id = fields.Many2one(related="family_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="family_id.currency_id")
    amount_ids = fields.One2many("eco.bonus.repair.amount", "type_id", string="Amounts")
    amount = fields.Monetary("Bonus today", compute="_compute_amount", help="The amount of the grid in force today.")
    per_pair = fields.Boolean(
        "Once per pair",
        help="Counted once for a pair of shoes, even when both shoes get it.",
    )
    not_combined_with_ids = fields.Many2many(
        "eco.bonus.repair.type",
        "eco_bonus_repair_type_not_combined_rel",
        "type_id",
        "other_id",
        string="Earns nothing with",
        help="On an item that also gets one of these repairs, this one earns no bonus (the glue of a resoling "
        "is part of the resoling).",
    )
    size_note = fields.Char(
        "Size",
        translate=True,
        help="The size this type is for, when the grid pays by size (a zip over 20 cm), with its source.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_family_uniq", "unique(family_id, code)", "A repair type's code is unique in its family."),
    ]

    @api.depends_context("date")
    @api.depends("amount_ids.amount", "amount_ids.date_from", "amount_ids.date_to")
    def _compute_amount(self):
        today = fields.Date.context_today(self)
        for repair_type in self:
            repair_type.amount = repair_type._amount_on(today) or 0.0

    def _amount_line_on(self, on_date):
        self.ensure_one()
        return self.amount_ids.filtered(lambda line: line._is_valid_on(on_date))[:1]

    def _amount_on(self, on_date):
        """The bonus of this type on ``on_date``, None outside the grid."""
        line = self._amount_line_on(on_date)
        return line.amount if line else None

    def _is_valid_on(self, on_date):
        return bool(self._amount_line_on(on_date))

    @api.depends("name", "amount")
    def _compute_display_name(self):
        for repair_type in self:
            amount = repair_type.currency_id.format(repair_type.amount) if repair_type.amount else "-"
            repair_type.display_name = f"{repair_type.name} ({amount})"

    @api.model
    def _load_pos_data_domain(self, data):
        return [("organism_code", "=", "refashion")]

    @api.model
    def _load_pos_data_fields(self, config_id):
        return ["id", "name", "code", "family_id", "amount_ids", "per_pair", "not_combined_with_ids"]
