from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _customer_credit_owed(self):
        """What the customer owes also holds their confirmed sale orders, for what is
        neither invoiced (posted: the receivables hold it) nor settled at a till."""
        owed = super()._customer_credit_owed()
        commercial_ids = list(set(self.commercial_partner_id.ids))
        if not commercial_ids:
            return owed
        lines = (
            self.env["sale.order.line"]
            .sudo()
            .search(
                [
                    ("order_id.partner_id.commercial_partner_id", "in", commercial_ids),
                    ("company_id", "in", self.env.companies.ids),
                    ("state", "=", "sale"),
                    ("display_type", "=", False),
                ]
            )
        )
        currency = self.env.company.currency_id
        for line in lines:
            partner_id = line.order_id.partner_id.commercial_partner_id.id
            amount = line.currency_id._convert(
                line._customer_credit_not_settled(), currency, line.company_id, line.order_id.date_order
            )
            owed[partner_id] = owed.get(partner_id, 0.0) + amount
        return owed
