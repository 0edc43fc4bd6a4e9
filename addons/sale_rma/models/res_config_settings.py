from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    rma_return_period_days = fields.Integer(related="company_id.rma_return_period_days", readonly=False)
    rma_return_address_id = fields.Many2one(related="company_id.rma_return_address_id", readonly=False)
    rma_instructions = fields.Html(related="company_id.rma_instructions", readonly=False)
    rma_warehouse_id = fields.Many2one(related="company_id.rma_warehouse_id", readonly=False)
    rma_notify_customer = fields.Boolean(related="company_id.rma_notify_customer", readonly=False)
    rma_staff_partner_ids = fields.Many2many(related="company_id.rma_staff_partner_ids", readonly=False)
    rma_fee_product_id = fields.Many2one(related="company_id.rma_fee_product_id", readonly=False)
    rma_adjustment_limit_percent = fields.Float(related="company_id.rma_adjustment_limit_percent", readonly=False)
