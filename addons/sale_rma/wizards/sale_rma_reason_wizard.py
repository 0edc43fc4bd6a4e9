from odoo import fields, models


class SaleRmaReasonWizard(models.TransientModel):
    _name = "sale.rma.reason.wizard"
    _description = "Refuse or cancel a return"

    rma_ids = fields.Many2many("sale.rma", required=True)
    state = fields.Selection([("refused", "Refused"), ("cancel", "Cancelled")], required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.rma_ids._close(self.state, self.reason)
