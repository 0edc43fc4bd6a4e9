from odoo import api, fields, models


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    payment_link_id = fields.Many2one("pos.payment.link", readonly=True, index="btree_not_null")

    @api.model
    def _compute_reference_prefix(self, provider_code, separator, **values):
        link = self.env["pos.payment.link"].browse(values.get("payment_link_id")).exists()
        if link:
            return link.name
        return super()._compute_reference_prefix(provider_code, separator, **values)

    def _set_done(self, state_message=None, extra_allowed_states=()):
        txs = super()._set_done(state_message=state_message, extra_allowed_states=extra_allowed_states)
        # the customer may close the page before it polls: the link is settled anyway
        if txs.payment_link_id:
            self.env.ref("payment.cron_post_process_payment_tx")._trigger()
        return txs

    def _post_process(self):
        link_txs = self.filtered(lambda tx: tx.state == "done" and tx.payment_link_id)
        if link_txs:
            link_txs.payment_link_id._lock_for_payment()
        result = super()._post_process()
        for tx in link_txs:
            tx.payment_link_id._record_payment(tx)
        return result

    def _create_payment(self, **extra_create_values):
        link = self.payment_link_id
        first = link and link.state != "paid"
        if first and link.purpose == "wallet":
            invoice = self.env["account.move"].create(link._prepare_wallet_invoice())
            invoice.action_post()
            self.invoice_ids = [(4, invoice.id)]
        payment = super()._create_payment(**extra_create_values)
        if first and link.purpose == "settlement":
            (payment.move_id.line_ids + link.move_line_ids).filtered(
                lambda line: line.account_id == payment.destination_account_id and not line.reconciled
            ).reconcile()
        return payment
