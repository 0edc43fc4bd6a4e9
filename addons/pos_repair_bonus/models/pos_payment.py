from odoo import fields, models


class PosPayment(models.Model):
    _inherit = "pos.payment"

    eco_bonus_move_line_id = fields.Many2one(
        "account.move.line",
        string="Bonus receivable",
        readonly=True,
        copy=False,
        help="The eco-organism's receivable this bonus was booked as.",
    )
