from odoo import api, models


class AccountMove(models.Model):
    _inherit = "account.move"

    @api.constrains("partner_id")
    def _check_partner_not_anonymised(self):
        # no new invoice or bill to them; a credit note still refunds what they paid,
        # and a payment of their open invoices is still taken
        self.filtered(
            lambda move: (
                move.move_type in ("out_invoice", "in_invoice", "out_receipt", "in_receipt")
                and not move.reversed_entry_id
            )
        ).partner_id._check_not_anonymised()
