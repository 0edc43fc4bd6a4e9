from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.fields import Command


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    payment_link_id = fields.Many2one("pos.payment.link", readonly=True, index="btree_not_null")
    payment_link_outcome = fields.Selection(
        [("credited", "Paid the link"), ("refund", "To refund")],
        "Outcome for the payment link",
        readonly=True,
        copy=False,
        help="Set once, when the transaction is post-processed: whether it paid its link, "
        "or did not and its money is to be refunded.",
    )
    payment_link_refund_reason = fields.Char("Why it did not pay the link", readonly=True, copy=False)

    @api.model_create_multi
    def create(self, vals_list):
        # only the link's own route starts its payment, in superuser mode
        if not self.env.su and any(vals.get("payment_link_id") for vals in vals_list):
            raise AccessError(_("A payment link is paid only through its own payment page."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and {"payment_link_id", "payment_link_outcome"} & set(vals):
            raise AccessError(_("A payment link is paid only through its own payment page."))
        return super().write(vals)

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

    def _lock_payment_link_rows(self):
        """Serialise whatever processes these transactions or their links at the same time.

        The link row serialises two transactions of one link, the transaction row two
        notifications of one transaction: under Odoo's repeatable-read isolation, the second
        comer fails on a row the first one changed, and is retried (poll route, cron) seeing
        what the first one did."""
        self.payment_link_id._lock_for_payment()
        self.env.cr.execute(f"SELECT id FROM {self._table} WHERE id IN %s ORDER BY id FOR UPDATE", [tuple(self.ids)])
        self.invalidate_recordset()
        self.payment_link_id.invalidate_recordset()

    def _post_process(self):
        candidates = self.filtered(lambda tx: tx.payment_link_id and tx.state == "done")
        link_txs = self.env["payment.transaction"]
        if candidates:
            candidates.sudo()._lock_payment_link_rows()
            link_txs = candidates.filtered(lambda tx: not tx.payment_link_outcome)
        credited = self.env["pos.payment.link"]
        for tx in link_txs.sudo():
            link = tx.payment_link_id
            reason = link._payment_refusal_reason(tx)
            if not reason and link in credited:
                reason = _("The link was already paid by another transaction.")
            tx.payment_link_outcome = "refund" if reason else "credited"
            tx.payment_link_refund_reason = reason
            if not reason:
                credited |= link
        result = super()._post_process()
        for tx in link_txs.sudo():
            if tx.payment_link_outcome == "credited":
                tx.payment_link_id._record_payment(tx)
            else:
                tx.payment_link_id._flag_for_refund(tx)
        return result

    def _create_payment(self, **extra_create_values):
        link = self.payment_link_id.sudo()
        credited = link and self.payment_link_outcome == "credited"
        if credited and link.purpose in ("wallet", "deposit") and not link.invoice_id:
            # a top-up is a sale of the eWallet's product; a deposit, the order's down payment
            invoice = link._create_invoice(self.amount)
            self.invoice_ids = [Command.link(invoice.id)]
        payment = super()._create_payment(**extra_create_values)
        if credited and link.purpose == "settlement":
            (payment.move_id.line_ids + link.move_line_ids).filtered(
                lambda line: line.account_id == payment.destination_account_id and not line.reconciled
            ).reconcile()
        return payment
