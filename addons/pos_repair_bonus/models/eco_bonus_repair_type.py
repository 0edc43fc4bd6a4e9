from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class EcoBonusRepairType(models.Model):
    """One line of the bonus grid: a repair type and its fixed amount, valid between
    two dates. A new amount is a new record from its start date; the old one ends the
    day before, so that past claims keep the amount of their day."""

    _name = "eco.bonus.repair.type"
    _inherit = ["pos.load.mixin"]
    _description = "Repair bonus type"
    _order = "family_id, sequence, name, date_from desc"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="The code the eco-organism gives this repair type.")
    sequence = fields.Integer(default=10)
    family_id = fields.Many2one("eco.bonus.family", required=True, ondelete="cascade", index=True)
    organism_code = fields.Selection(related="family_id.organism_code", store=True)
    currency_id = fields.Many2one(related="family_id.currency_id")
    amount = fields.Monetary("Bonus", required=True)
    date_from = fields.Date("Valid from", required=True)
    date_to = fields.Date("Valid until")
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
    active = fields.Boolean(default=True)

    @api.constrains("amount", "date_from", "date_to")
    def _check_amount_and_dates(self):
        for repair_type in self:
            if repair_type.currency_id.compare_amounts(repair_type.amount, 0) <= 0:
                raise ValidationError(_("The bonus of %s must be a positive amount.", repair_type.name))
            if repair_type.date_to and repair_type.date_to < repair_type.date_from:
                raise ValidationError(_("%s ends before it starts.", repair_type.name))

    def _is_valid_on(self, on_date):
        self.ensure_one()
        return self.date_from <= on_date and (not self.date_to or on_date <= self.date_to)

    @api.depends("name", "amount")
    def _compute_display_name(self):
        for repair_type in self:
            amount = repair_type.currency_id.format(repair_type.amount) if repair_type.currency_id else ""
            repair_type.display_name = f"{repair_type.name} ({amount})"

    @api.model
    def _load_pos_data_domain(self, data):
        return [("organism_code", "=", "refashion")]

    @api.model
    def _load_pos_data_fields(self, config_id):
        return [
            "id",
            "name",
            "code",
            "family_id",
            "amount",
            "date_from",
            "date_to",
            "per_pair",
            "not_combined_with_ids",
        ]
