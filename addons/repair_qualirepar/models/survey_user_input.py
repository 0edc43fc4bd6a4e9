from odoo import fields, models


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    repair_id = fields.Many2one("repair.order", index="btree_not_null", ondelete="set null", readonly=True)
