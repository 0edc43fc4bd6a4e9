from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    rma_return_period_days = fields.Integer(related="company_id.rma_return_period_days", readonly=False)
