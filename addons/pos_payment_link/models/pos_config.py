from odoo import fields, models


class PosConfig(models.Model):
    _inherit = "pos.config"

    payment_link_poll_seconds = fields.Integer(compute="_compute_payment_link_poll_seconds")

    def _compute_payment_link_poll_seconds(self):
        # the bus tells the till at once; the poll is for when its websocket is down
        seconds = int(self.env["ir.config_parameter"].sudo().get_param("pos_payment_link.poll_seconds", 10))
        for config in self:
            config.payment_link_poll_seconds = seconds
