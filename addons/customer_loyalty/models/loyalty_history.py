from collections import defaultdict

from odoo import _, api, models
from odoo.exceptions import AccessError


class LoyaltyHistory(models.Model):
    _inherit = "loyalty.history"

    @api.model_create_multi
    def create(self, vals_list):
        # the points a line issues raise the card's tier: only the till's sync (Odoo's
        # own flow), the addon, sellers' orders and managers write them
        if not self.env["loyalty.card"]._may_set_card_points():
            cards = self.env["loyalty.card"].sudo().browse({v.get("card_id") for v in vals_list} - {None})
            loyalty = set(cards.filtered(lambda c: c.program_type == "loyalty").ids)
            if any(vals.get("card_id") in loyalty and vals.get("issued") for vals in vals_list):
                raise AccessError(_("The points of a loyalty card are earned at the till's sale, not added by hand."))
        lines = super().create(vals_list)
        earned = defaultdict(float)
        for line in lines:
            if line.issued and line.card_id.program_type == "loyalty":
                earned[line.card_id.sudo()] += line.issued
        if earned:
            self.env["loyalty.card"]._add_year_points(earned)
        return lines
