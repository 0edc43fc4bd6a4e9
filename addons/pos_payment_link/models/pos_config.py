from odoo import _, api, fields, models


class PosConfig(models.Model):
    _inherit = "pos.config"

    payment_link_poll_seconds = fields.Integer(compute="_compute_payment_link_poll_seconds")

    def _compute_payment_link_poll_seconds(self):
        # the bus tells the till at once; the poll is for when its websocket is down
        seconds = int(self.env["ir.config_parameter"].sudo().get_param("pos_payment_link.poll_seconds", 10))
        for config in self:
            config.payment_link_poll_seconds = seconds

    @api.model
    def _create_journal_and_payment_methods(self, cash_ref=None, cash_journal_vals=None):
        """A new till gets Odoo's Customer Account, not the payment link method: Odoo takes
        every journal-less method for it, and payment links are switched on per till."""
        journal, method_ids = super()._create_journal_and_payment_methods(
            cash_ref=cash_ref, cash_journal_vals=cash_journal_vals
        )
        methods = self.env["pos.payment.method"].browse(method_ids)
        links = methods.filtered("is_payment_link")
        if not links:
            return journal, method_ids
        methods -= links
        if not methods.filtered(lambda method: method.type == "pay_later" and not method.is_payment_link):
            methods |= self.env["pos.payment.method"].create(
                {
                    "name": _("Customer Account"),
                    "company_id": self.env.company.id,
                    "split_transactions": True,
                    "sequence": 2,
                }
            )
        return journal, methods.ids

    def open_ui(self):
        # a deposit paid by link is a down payment: the till deducts it with pos_sale's
        # down-payment product, which Odoo leaves unset on a new till
        product = self.env.ref("pos_sale.default_downpayment_product", raise_if_not_found=False)
        if product:
            self.filtered(
                lambda config: (
                    not config.down_payment_product_id and config.payment_method_ids.filtered("is_payment_link")
                )
            ).sudo().down_payment_product_id = product
        return super().open_ui()
