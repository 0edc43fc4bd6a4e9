from odoo import models


class MailingMailing(models.Model):
    _inherit = "mailing.mailing"

    def _get_opt_out_list(self):
        """Odoo's opt-outs, and the e-mails of the customers who refused a marketing
        consent (customer_loyalty): whatever the mailing targets (customers, mailing
        lists, leads), a refused address receives nothing; Odoo records it as opted
        out."""
        opt_out = super()._get_opt_out_list()
        refused = self._consent_refused_emails()
        if not refused:
            return opt_out
        return set(opt_out) | refused

    def _consent_refused_emails(self):
        self.ensure_one()
        consents = (
            self.env["res.partner.consent"]
            .sudo()
            .search(
                [
                    ("purpose_id.kind", "=", "marketing"),
                    ("purpose_id.active", "=", True),
                    ("status", "=", "refused"),
                    ("partner_id.email_normalized", "!=", False),
                ]
            )
        )
        return set(consents.partner_id.mapped("email_normalized"))
