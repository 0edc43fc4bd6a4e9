from odoo import api, models


class AccountMove(models.Model):
    _inherit = "account.move"

    @api.constrains("partner_id")
    def _check_partner_not_anonymised(self):
        # a credit note still refunds what the customer paid before
        self.filtered(lambda move: not move.reversed_entry_id).partner_id._check_not_anonymised()
