from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class PosPaymentMethod(models.Model):
    _inherit = "pos.payment.method"

    is_payment_link = fields.Boolean(
        "Payment link",
        help="Offers deposits, wallet top-ups and account settlement paid by link in the points of sale "
        "using this method; on an order, it deducts the deposit the customer paid online.",
    )

    @api.constrains("is_payment_link", "journal_id", "split_transactions")
    def _check_payment_link_method(self):
        for method in self.filtered("is_payment_link"):
            if method.journal_id or not method.split_transactions:
                raise ValidationError(
                    _(
                        "The payment link method %(method)s deducts deposits from the customer's account: "
                        "it has no journal and identifies the customer.",
                        method=method.name,
                    )
                )

    def _pos_credit_excluded(self):
        # customer_loyalty's credit control, where installed: a deposit deducted is no sale on account
        return self.is_payment_link or getattr(super(), "_pos_credit_excluded", lambda: False)()

    @api.model
    def _load_pos_data_fields(self, config_id):
        return [*super()._load_pos_data_fields(config_id), "is_payment_link"]
