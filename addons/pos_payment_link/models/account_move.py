from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    # the invoice of an eWallet top-up paid by link, reversed if a manager cancels the payment
    payment_link_wallet = fields.Boolean(readonly=True, copy=False)
