from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_round


class EcoBonusFamily(models.Model):
    """A family of the bonus grid an eco-organism publishes (shoes, textile, washing
    machines...), with the rules that apply to a whole repair of that family."""

    _name = "eco.bonus.family"
    _inherit = ["pos.load.mixin"]
    _description = "Repair bonus family"
    _order = "organism_code, sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    organism_code = fields.Selection(
        selection="_selection_organism_code", string="Eco-organism", required=True, index=True
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Empty: the grid of every company (the eco-organism's national grid); set: a company's own.",
    )
    currency_id = fields.Many2one("res.currency", default=lambda self: self.env.ref("base.EUR"), required=True)
    min_repair_amount = fields.Monetary(
        "Minimum repair price",
        help="Below this repair price (tax included) no bonus applies.",
    )
    cap_rate = fields.Float(
        "Cap (% of the price)",
        help="The bonus never exceeds this share of the repair price, tax included (0: no cap).",
    )
    repair_type_ids = fields.One2many("eco.bonus.repair.type", "family_id", string="Repair types")

    @api.model
    def _selection_organism_code(self):
        return self.env["eco.organism"]._fields["code"]._description_selection(self.env)

    @api.constrains("min_repair_amount", "cap_rate")
    def _check_rules(self):
        for family in self:
            if family.min_repair_amount < 0:
                raise ValidationError(_("The minimum repair price cannot be negative."))
            if not 0 <= family.cap_rate <= 100:
                raise ValidationError(_("The cap is a percentage between 0 and 100."))

    def compute_bonus(self, price_incl_tax, repair_types, on_date):
        """The bonus for one repaired item of this family.

        ``repair_types`` holds the types done on the item (a type may appear twice,
        e.g. two tears); types counted once per pair count once whatever happens,
        and a type that earns nothing with another one of the item (gluing with a
        resoling) is left out. The till applies the same rule (``itemBonus`` in
        ``static/src/app/repair_bonus.js``).
        Returns ``{"amount", "lines": [(repair type, amount)], "reason"}``: a reason
        when no bonus applies.
        """
        self.ensure_one()
        currency = self.currency_id
        wrong = repair_types.filtered(lambda t: t.family_id != self)
        if wrong:
            return {
                "amount": 0.0,
                "lines": [],
                "reason": _("%(type)s is not a repair type of %(family)s.", type=wrong[0].name, family=self.name),
            }
        expired = repair_types.filtered(lambda t: not t._is_valid_on(on_date))
        if expired:
            return {"amount": 0.0, "lines": [], "reason": _("%s is not in the grid on that date.", expired[0].name)}
        if not repair_types:
            return {"amount": 0.0, "lines": [], "reason": _("No repair type chosen.")}
        if currency.compare_amounts(price_incl_tax, self.min_repair_amount) < 0:
            return {
                "amount": 0.0,
                "lines": [],
                "reason": _(
                    "The repair costs less than %(minimum)s.",
                    minimum=currency.format(self.min_repair_amount),
                ),
            }
        present = repair_types.ids
        lines, seen_per_pair = [], set()
        for repair_type in repair_types:
            if repair_type.not_combined_with_ids.filtered(lambda other: other.id in present):
                continue
            if repair_type.per_pair:
                if repair_type.id in seen_per_pair:
                    continue
                seen_per_pair.add(repair_type.id)
            lines.append((repair_type, repair_type._amount_on(on_date)))
        amount = sum(line_amount for _type, line_amount in lines)
        if self.cap_rate:
            cap = float_round(
                price_incl_tax * self.cap_rate / 100, precision_rounding=currency.rounding, rounding_method="DOWN"
            )
            if currency.compare_amounts(amount, cap) > 0:
                # the cap is taken off the last repairs: the lines add up to the bonus
                amount, capped, left = cap, [], cap
                for repair_type, line_amount in lines:
                    line_amount = min(line_amount, left)
                    left = currency.round(left - line_amount)
                    capped.append((repair_type, line_amount))
                lines = [line for line in capped if not currency.is_zero(line[1])]
        return {"amount": currency.round(amount), "lines": lines, "reason": False}

    @api.model
    def _load_pos_data_domain(self, data):
        return [("organism_code", "=", "refashion")]

    @api.model
    def _load_pos_data_fields(self, config_id):
        return ["id", "name", "min_repair_amount", "cap_rate"]
