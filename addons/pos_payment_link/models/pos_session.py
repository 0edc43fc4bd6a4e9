from odoo import models


class PosSession(models.Model):
    _inherit = "pos.session"

    def _validate_session(self, balancing_account=False, amount_to_balance=0, bank_payment_method_diffs=None):
        result = super()._validate_session(
            balancing_account=balancing_account,
            amount_to_balance=amount_to_balance,
            bank_payment_method_diffs=bank_payment_method_diffs,
        )
        self._reconcile_payment_link_deposits()
        return result

    def _reconcile_payment_link_deposits(self):
        """A deposit of before down payments was a customer advance: the sale it paid for clears it.
        A down payment was reconciled with its invoice when it was paid."""
        links = (
            self.env["pos.payment.link"]
            .sudo()
            .search([("deposit_pos_order_id.session_id", "in", self.ids), ("invoice_id", "=", False)])
        )
        for link in links:
            (link._deposit_sale_lines() + link.payment_id.move_id.line_ids).filtered(
                lambda line: line.account_id.account_type == "asset_receivable" and not line.reconciled
            ).reconcile()
