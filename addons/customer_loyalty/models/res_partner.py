from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.tools import SQL


class ResPartner(models.Model):
    _inherit = "res.partner"

    customer_last_purchase = fields.Date("Last purchase", compute="_compute_customer_statistics")
    customer_purchase_count = fields.Integer(
        "Purchases (12 months)",
        compute="_compute_customer_statistics",
        help="Till receipts and invoices, refunds aside.",
    )
    customer_amount_spent = fields.Monetary(
        "Spent (12 months)",
        compute="_compute_customer_statistics",
        currency_field="customer_statistics_currency_id",
        help="Tax included, net of refunds, at the till and on invoices.",
    )
    customer_statistics_currency_id = fields.Many2one("res.currency", compute="_compute_customer_statistics")

    def _compute_customer_statistics(self):
        statistics = self._customer_statistics()
        for partner in self:
            last, count, amount = statistics.get(partner.commercial_partner_id.id, (False, 0, 0.0))
            partner.customer_last_purchase = last
            partner.customer_purchase_count = count
            partner.customer_amount_spent = amount
            partner.customer_statistics_currency_id = self.env.company.currency_id

    def _customer_statistics(self):
        """``{commercial partner id: (last purchase date, purchases, amount)}`` over
        the last 12 months (the last purchase whenever it was), for the current
        companies: POS orders (refunds count against the amount) and invoices not
        made from the till, in two aggregate queries whatever the history."""
        commercial_ids = list(set(self.commercial_partner_id.ids))
        if not commercial_ids:
            return {}
        since = fields.Date.context_today(self) - relativedelta(months=12)
        company_ids = self.env.companies.ids
        self.env["pos.order"].flush_model(["partner_id", "date_order", "amount_total", "state", "company_id"])
        self.env["account.move"].flush_model(
            ["commercial_partner_id", "invoice_date", "amount_total_signed", "state", "move_type", "company_id"]
        )
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT partner.commercial_partner_id,
                       max(pos.date_order)::date,
                       count(*) FILTER (WHERE pos.amount_total > 0 AND pos.date_order >= %(since)s),
                       coalesce(sum(pos.amount_total) FILTER (WHERE pos.date_order >= %(since)s), 0)
                  FROM pos_order pos
                  JOIN res_partner partner ON partner.id = pos.partner_id
                 WHERE partner.commercial_partner_id = ANY(%(partners)s)
                   AND pos.company_id = ANY(%(companies)s)
                   AND pos.state IN ('paid', 'done', 'invoiced')
              GROUP BY partner.commercial_partner_id
                """,
                since=since,
                partners=commercial_ids,
                companies=company_ids,
            )
        )
        rows += self.env.execute_query(
            SQL(
                """
                SELECT move.commercial_partner_id,
                       max(move.invoice_date) FILTER (WHERE move.move_type = 'out_invoice'),
                       count(*) FILTER (WHERE move.move_type = 'out_invoice' AND move.invoice_date >= %(since)s),
                       coalesce(sum(move.amount_total_signed) FILTER (WHERE move.invoice_date >= %(since)s), 0)
                  FROM account_move move
                 WHERE move.commercial_partner_id = ANY(%(partners)s)
                   AND move.company_id = ANY(%(companies)s)
                   AND move.state = 'posted'
                   AND move.move_type IN ('out_invoice', 'out_refund')
                   -- an invoiced till receipt is already counted as a POS order
                   AND NOT EXISTS (SELECT 1 FROM pos_order pos WHERE pos.account_move = move.id)
                   AND NOT EXISTS (
                        SELECT 1 FROM pos_order pos WHERE pos.account_move = move.reversed_entry_id
                   )
              GROUP BY move.commercial_partner_id
                """,
                since=since,
                partners=commercial_ids,
                companies=company_ids,
            )
        )
        result = {}
        for partner_id, last, count, amount in rows:
            previous_last, previous_count, previous_amount = result.get(partner_id, (False, 0, 0.0))
            result[partner_id] = (
                max(filter(None, (last, previous_last)), default=False),
                previous_count + count,
                previous_amount + float(amount),
            )
        return result
