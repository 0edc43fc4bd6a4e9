from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ProductTemplate(models.Model):
    _inherit = "product.template"

    refashion_eligible = fields.Boolean(
        "Refashion repair bonus",
        help="Selling this repair at a point of sale associated with Refashion deducts the bonus.",
    )
    eco_bonus_family_id = fields.Many2one(
        "eco.bonus.family",
        string="Bonus family",
        domain="[('organism_code', '=', 'refashion')]",
    )
    eco_bonus_repair_type_ids = fields.Many2many(
        "eco.bonus.repair.type",
        string="Allowed repair types",
        domain="[('family_id', '=', eco_bonus_family_id)]",
        help="The repair types of Refashion's list the cashier may pick when selling this product.",
    )

    @api.onchange("eco_bonus_family_id")
    def _onchange_eco_bonus_family_id(self):
        self.eco_bonus_repair_type_ids = self.eco_bonus_repair_type_ids.filtered(
            lambda t: t.family_id == self.eco_bonus_family_id
        )

    @api.constrains("refashion_eligible", "eco_bonus_family_id", "eco_bonus_repair_type_ids")
    def _check_refashion_eligibility(self):
        for product in self.filtered("refashion_eligible"):
            if not product.eco_bonus_family_id or not product.eco_bonus_repair_type_ids:
                raise ValidationError(
                    _("%s: choose the family and at least one repair type for the Refashion bonus.", product.name)
                )
            if product.eco_bonus_repair_type_ids.family_id != product.eco_bonus_family_id:
                raise ValidationError(
                    _(
                        "%(product)s: every repair type must belong to %(family)s.",
                        product=product.name,
                        family=product.eco_bonus_family_id.name,
                    )
                )
