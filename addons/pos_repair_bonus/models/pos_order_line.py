from odoo import api, fields, models


class PosOrderLine(models.Model):
    _inherit = "pos.order.line"

    eco_bonus_repair_type_ids = fields.Many2many("eco.bonus.repair.type", string="Repair types")
    eco_bonus_photo_ids = fields.One2many("eco.bonus.photo", "line_id", string="Photos")
    eco_bonus_item = fields.Integer(
        "Repaired item",
        help="Lines of the order with the same number are one repaired item (a resoling and heel tips on one "
        "pair): the bonus rules apply to the item. Without a number each unit of the line is an item.",
    )
    eco_bonus_declined = fields.Boolean(
        "No repair bonus", help="The cashier chose not to apply the bonus to this eligible repair."
    )

    @api.model
    def _load_pos_data_fields(self, config_id):
        return super()._load_pos_data_fields(config_id) + [
            "eco_bonus_repair_type_ids",
            "eco_bonus_photo_ids",
            "eco_bonus_declined",
            "eco_bonus_item",
        ]
