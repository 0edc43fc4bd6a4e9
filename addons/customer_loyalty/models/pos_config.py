from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class PosConfig(models.Model):
    _inherit = "pos.config"

    pos_credit_control = fields.Selection(
        [
            ("company", "Company setting"),
            ("none", "No control"),
            ("warning", "Warn the cashier"),
            ("block", "Block the sale"),
        ],
        "Credit limit at this till",
        default="company",
        required=True,
        # cashiers may write on their point of sale: the credit control is not theirs to lift
        groups="point_of_sale.group_pos_manager",
        help="What this point of sale does when a sale on account would take a customer over their credit limit.",
    )
    pos_credit_stale_minutes = fields.Integer(
        "Credit figure valid for (minutes) at this till",
        groups="point_of_sale.group_pos_manager",
        help="When the till cannot reach the server, sales on account are blocked once the customer's credit "
        "figure is older than this. 0: the company setting.",
    )
    pos_credit_display = fields.Selection(
        [
            ("before", "Credit available, before the order"),
            ("after", "Credit left after the order"),
            ("hidden", "Not shown"),
        ],
        "Customer credit on the payment screen",
        default="before",
        required=True,
        help="What the payment screen shows of the customer's credit: what is available, what is left once "
        "this order's amount on account is counted (a refund on account raises it), or nothing.",
    )
    pos_credit_control_effective = fields.Selection(
        [("none", "No control"), ("warning", "Warn the cashier"), ("block", "Block the sale")],
        "Credit limit control applied",
        compute="_compute_pos_credit_effective",
    )
    pos_credit_stale_minutes_effective = fields.Integer(
        "Credit figure valid for (minutes), applied", compute="_compute_pos_credit_effective"
    )

    @api.depends("pos_credit_control", "pos_credit_stale_minutes", "company_id")
    def _compute_pos_credit_effective(self):
        # the till of a cashier needs what applies, not the manager-only settings themselves
        for config, settings in zip(self, self.sudo(), strict=True):
            company = settings.company_id
            config.pos_credit_control_effective = (
                company.pos_credit_limit_mode
                if settings.pos_credit_control == "company"
                else settings.pos_credit_control
            )
            config.pos_credit_stale_minutes_effective = (
                settings.pos_credit_stale_minutes or company.pos_credit_stale_minutes
            )

    @api.constrains("pos_credit_stale_minutes")
    def _check_pos_credit_stale_minutes(self):
        if any(config.pos_credit_stale_minutes < 0 for config in self.sudo()):
            raise ValidationError(_("The credit figure validity cannot be negative (0 uses the company setting)."))

    issue_physical_cards = fields.Boolean(
        "Issue physical loyalty cards", default=True, help="The cashier hands out a card and scans its number."
    )
    issue_virtual_cards = fields.Boolean(
        "Issue virtual loyalty cards", help="The system numbers the card and e-mails it to the customer."
    )

    def use_coupon_code(self, code, creation_date, partner_id, pricelist_id):
        result = super().use_coupon_code(code, creation_date, partner_id, pricelist_id)
        if not result["successful"]:
            blocked = (
                self.env["loyalty.card"]
                .sudo()
                .with_context(active_test=False)
                .search([("code", "=", code), ("blocked", "=", True)], limit=1)
            )
            if blocked:
                result["payload"]["error_message"] = blocked._blocked_message()
        return result
