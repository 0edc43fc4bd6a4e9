from odoo import api, fields, models


class PosPaymentMethod(models.Model):
    _inherit = "pos.payment.method"

    pos_credit_controlled = fields.Boolean(
        "Customer credit",
        compute="_compute_pos_credit_controlled",
        store=True,
        readonly=False,
        help="Sales paid with this method go on the customer's account: the till offers it only to customers "
        "with credit and checks their credit limit, and what is paid with it counts as owed.",
    )

    @api.depends("journal_id")
    def _compute_pos_credit_controlled(self):
        for method in self:
            method.pos_credit_controlled = method.type == "pay_later" and not method._pos_credit_excluded()

    def _pos_credit_excluded(self):
        """Whether this journal-less method is something else than the customer's
        account (a bonus paid by a third party, an online payment...): addons adding
        such methods override this."""
        self.ensure_one()
        # those addons do not depend on this one: whichever is loaded first, each asks the next
        return getattr(super(), "_pos_credit_excluded", lambda: False)()

    @api.model
    def _load_pos_data_fields(self, config_id):
        return super()._load_pos_data_fields(config_id) + ["pos_credit_controlled"]
