from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.tools import SQL


class ResPartner(models.Model):
    _inherit = "res.partner"

    customer_last_purchase = fields.Date("Last purchase", compute="_compute_customer_statistics")
    customer_purchase_count = fields.Integer(
        "Purchases",
        compute="_compute_customer_statistics",
        help="Till receipts and invoices, refunds aside.",
    )
    customer_amount_spent = fields.Monetary(
        "Amount spent",
        compute="_compute_customer_statistics",
        currency_field="customer_statistics_currency_id",
        help="Tax included, net of refunds, at the till and on invoices.",
    )
    customer_statistics_currency_id = fields.Many2one("res.currency", compute="_compute_customer_statistics_currency")

    # credit at the till, on top of Odoo's credit limit (the amount)
    pos_credit_mode = fields.Selection(
        [("none", "No credit"), ("limited", "Limited"), ("unlimited", "Unlimited")],
        "Credit at the till",
        company_dependent=True,
        groups="account.group_account_invoice,point_of_sale.group_pos_manager",
        help="No credit: sales on account are not offered. Limited: up to the credit limit, until its end date. "
        "Unlimited: no limit.",
    )
    pos_credit_valid_until = fields.Date(
        "Credit limit valid until",
        company_dependent=True,
        groups="account.group_account_invoice,point_of_sale.group_pos_manager",
        help="After this day the customer has no credit at the till. Empty: no end.",
    )
    customer_credit_open = fields.Monetary(
        "Owed",
        compute="_compute_customer_credit",
        currency_field="customer_statistics_currency_id",
        help="Unpaid invoices and sales on account not invoiced yet.",
    )
    customer_credit_available = fields.Monetary(
        "Credit available",
        compute="_compute_customer_credit",
        currency_field="customer_statistics_currency_id",
    )
    customer_credit_status = fields.Selection(
        [("none", "No credit"), ("limited", "Limited"), ("unlimited", "Unlimited")],
        "Credit",
        compute="_compute_customer_credit",
        help="What the till applies today (a limit past its end date gives no credit).",
    )

    def _compute_customer_statistics_currency(self):
        self.customer_statistics_currency_id = self.env.company.currency_id

    def _compute_customer_statistics(self):
        statistics = self._customer_statistics()
        for partner in self:
            last, count, amount = statistics.get(partner.commercial_partner_id.id, (False, 0, 0.0))
            partner.customer_last_purchase = last
            partner.customer_purchase_count = count
            partner.customer_amount_spent = amount

    def _customer_statistics(self):
        """``{commercial partner id: (last purchase date, purchases, amount)}`` over
        the company's statistics period (the last purchase whenever it was), for the current
        companies: POS orders (refunds count against the amount) and invoices not
        made from the till, in two aggregate queries whatever the history."""
        commercial_ids = list(set(self.commercial_partner_id.ids))
        if not commercial_ids:
            return {}
        since = fields.Date.context_today(self) - relativedelta(months=self.env.company.customer_statistics_months)
        company_ids = self.env.companies.ids
        self.env.flush_all()
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

    def _compute_customer_credit(self):
        owed = self._customer_credit_owed()
        today = fields.Date.context_today(self)
        for partner in self:
            commercial = partner.commercial_partner_id.sudo()
            mode = commercial.pos_credit_mode or "none"
            if mode == "limited" and commercial.pos_credit_valid_until and commercial.pos_credit_valid_until < today:
                mode = "none"
            partner.customer_credit_status = mode
            partner.customer_credit_open = owed.get(commercial.id, 0.0)
            partner.customer_credit_available = (
                commercial.credit_limit - partner.customer_credit_open if mode == "limited" else 0.0
            )

    def _customer_credit_owed(self):
        """``{commercial partner id: owed}``: the open receivables (unpaid invoices,
        sales on account of closed sessions) plus the sales on account of sessions
        still open, not invoiced; two aggregate queries whatever the history."""
        commercial_ids = list(set(self.commercial_partner_id.ids))
        if not commercial_ids:
            return {}
        company_ids = self.env.companies.ids
        # what the queries read may still be in the cache (a session just closed...)
        self.env.flush_all()
        owed = dict(
            self.env.execute_query(
                SQL(
                    """
                    SELECT partner.commercial_partner_id, sum(line.amount_residual)
                      FROM account_move_line line
                      JOIN account_account account ON account.id = line.account_id
                      JOIN res_partner partner ON partner.id = line.partner_id
                     WHERE partner.commercial_partner_id = ANY(%(partners)s)
                       AND line.company_id = ANY(%(companies)s)
                       AND account.account_type = 'asset_receivable'
                       AND line.parent_state = 'posted'
                       AND NOT line.reconciled
                  GROUP BY partner.commercial_partner_id
                    """,
                    partners=commercial_ids,
                    companies=company_ids,
                )
            )
        )
        for partner_id, amount in self.env.execute_query(
            SQL(
                """
                SELECT partner.commercial_partner_id, sum(payment.amount)
                  FROM pos_payment payment
                  JOIN pos_payment_method method ON method.id = payment.payment_method_id
                  JOIN pos_order pos ON pos.id = payment.pos_order_id
                  JOIN pos_session session ON session.id = pos.session_id
                  JOIN res_partner partner ON partner.id = pos.partner_id
                 WHERE partner.commercial_partner_id = ANY(%(partners)s)
                   AND pos.company_id = ANY(%(companies)s)
                   AND method.pos_credit_controlled
                   AND session.state != 'closed'
                   AND pos.account_move IS NULL
                   AND pos.state IN ('paid', 'done')
              GROUP BY partner.commercial_partner_id
                """,
                partners=commercial_ids,
                companies=company_ids,
            )
        ):
            owed[partner_id] = float(owed.get(partner_id, 0.0)) + float(amount)
        return {partner_id: float(amount) for partner_id, amount in owed.items()}
