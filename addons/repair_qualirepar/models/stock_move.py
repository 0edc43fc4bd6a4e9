from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class StockMove(models.Model):
    _inherit = "stock.move"

    part_condition = fields.Selection(
        [("new", "New"), ("used", "Used or reconditioned")],
        string="Part condition",
        default="new",
        help="Used or reconditioned parts need the customer's consent; the claim declares both amounts.",
    )

    @api.constrains("part_condition", "repair_id")
    def _check_used_part_consent(self):
        for move in self.filtered(lambda m: m.part_condition == "used" and m.repair_id):
            if not move.repair_id.used_parts_consent:
                raise ValidationError(
                    _(
                        "%(repair)s: the customer has not accepted used or reconditioned parts (%(part)s).",
                        repair=move.repair_id.name,
                        part=move.product_id.display_name,
                    )
                )
