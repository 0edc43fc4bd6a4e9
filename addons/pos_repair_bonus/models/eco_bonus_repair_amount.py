from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class EcoBonusRepairAmount(models.Model):
    """The bonus of a repair type between two dates, as the eco-organism publishes
    it. A new amount is a new line from its start date, the previous one ending the
    day before: products keep their repair types, past claims the amount of their
    day."""

    _name = "eco.bonus.repair.amount"
    _inherit = ["pos.load.mixin"]
    _description = "Repair bonus amount"
    _order = "type_id, date_from desc"

    type_id = fields.Many2one(
        "eco.bonus.repair.type", string="Repair type", required=True, ondelete="cascade", index=True
    )
    organism_code = fields.Selection(related="type_id.organism_code", store=True)
    company_id = fields.Many2one(related="type_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="type_id.currency_id")
    amount = fields.Monetary("Bonus", required=True)
    date_from = fields.Date("Valid from", required=True)
    date_to = fields.Date("Valid until")
    source = fields.Char(translate=True, help="Where the eco-organism publishes this amount.")

    @api.constrains("amount", "date_from", "date_to", "type_id")
    def _check_amount_and_dates(self):
        for line in self:
            name = line.type_id.name
            if line.currency_id.compare_amounts(line.amount, 0) <= 0:
                raise ValidationError(_("The bonus of %s must be a positive amount.", name))
            if line.date_to and line.date_to < line.date_from:
                raise ValidationError(_("%s ends before it starts.", name))
            for other in line.type_id.amount_ids - line:
                if (not other.date_to or line.date_from <= other.date_to) and (
                    not line.date_to or other.date_from <= line.date_to
                ):
                    raise ValidationError(
                        _(
                            "%(type)s has two amounts on %(day)s: "
                            "end the previous one the day before the new one starts.",
                            type=name,
                            day=max(line.date_from, other.date_from),
                        )
                    )

    def _is_valid_on(self, on_date):
        self.ensure_one()
        return self.date_from <= on_date and (not self.date_to or on_date <= self.date_to)

    @api.depends("type_id", "amount")
    def _compute_display_name(self):
        for line in self:
            line.display_name = f"{line.type_id.name} ({line.currency_id.format(line.amount)})"

    @api.model
    def _load_pos_data_domain(self, data):
        return [("organism_code", "=", "refashion")]

    @api.model
    def _load_pos_data_fields(self, config_id):
        return ["id", "type_id", "amount", "date_from", "date_to"]
