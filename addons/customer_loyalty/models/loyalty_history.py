from collections import defaultdict

from odoo import api, models


class LoyaltyHistory(models.Model):
    _inherit = "loyalty.history"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        earned = defaultdict(float)
        for line in lines:
            if line.issued and line.card_id.program_type == "loyalty":
                earned[line.card_id.sudo()] += line.issued
        if earned:
            self.env["loyalty.card"]._add_year_points(earned)
        return lines
