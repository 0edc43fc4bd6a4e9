from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    qualirepar_bonus = fields.Monetary("QualiRépar bonus", compute="_compute_qualirepar_bonus")
    qualirepar_organism_id = fields.Many2one("eco.organism", "Bonus paid by", compute="_compute_qualirepar_bonus")
    qualirepar_amount_due = fields.Monetary("Amount due by the customer", compute="_compute_qualirepar_bonus")

    @api.depends("repair_order_ids", "amount_total")
    def _compute_qualirepar_bonus(self):
        for order in self:
            repairs = order.sudo().repair_order_ids.filtered("qualirepar_eligible")
            order.qualirepar_bonus = sum(repairs.mapped("qualirepar_bonus"))
            order.qualirepar_organism_id = repairs.qualirepar_organism_id[:1]
            order.qualirepar_amount_due = order.amount_total - order.qualirepar_bonus
