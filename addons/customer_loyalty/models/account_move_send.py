from odoo import _, api, models


class AccountMoveSend(models.AbstractModel):
    _inherit = "account.move.send"

    @api.model
    def _is_applicable_to_move(self, method, move):
        # where the company asks for it, an invoice is e-mailed only with the customer's consent
        applicable = super()._is_applicable_to_move(method, move)
        if method == "email" and applicable and move.is_sale_document():
            return move.partner_id._e_invoice_consented(move.company_id)
        return applicable

    @api.model
    def _get_alerts(self, moves, moves_data):
        alerts = super()._get_alerts(moves, moves_data)
        refused = moves.filtered(
            lambda move: (
                "email" in moves_data[move]["sending_methods"]
                and move.is_sale_document()
                and not move.partner_id._e_invoice_consented(move.company_id)
            )
        ).partner_id
        if refused:
            alerts["customer_loyalty_no_e_invoice_consent"] = {
                "level": "warning",
                "message": _(
                    "%s did not accept to receive invoices by e-mail (consent E-invoices): they are not e-mailed, "
                    "print them.",
                    ", ".join(refused.mapped("display_name")),
                ),
            }
        return alerts
