from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    pos_credit_limit_mode = fields.Selection(related="company_id.pos_credit_limit_mode", readonly=False)
    customer_statistics_months = fields.Integer(related="company_id.customer_statistics_months", readonly=False)
    pos_credit_stale_minutes = fields.Integer(related="company_id.pos_credit_stale_minutes", readonly=False)
    pos_pos_credit_control = fields.Selection(related="pos_config_id.pos_credit_control", readonly=False)
    pos_pos_credit_stale_minutes = fields.Integer(related="pos_config_id.pos_credit_stale_minutes", readonly=False)
    pos_pos_credit_display = fields.Selection(related="pos_config_id.pos_credit_display", readonly=False)
    invoice_email_needs_consent = fields.Boolean(related="company_id.invoice_email_needs_consent", readonly=False)
    pos_issue_physical_cards = fields.Boolean(related="pos_config_id.issue_physical_cards", readonly=False)
    pos_issue_virtual_cards = fields.Boolean(related="pos_config_id.issue_virtual_cards", readonly=False)
