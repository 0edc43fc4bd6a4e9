from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class QualiReparReturnReport(models.TransientModel):
    """The label auditor's report of returns: the devices back within the return
    period (3 months by default) after a repair, over a period of intake."""

    _name = "qualirepar.return.report"
    _description = "QualiRépar report of returns"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    date_from = fields.Date(
        "From", required=True, default=lambda self: fields.Date.context_today(self) - relativedelta(months=12)
    )
    date_to = fields.Date("To", required=True, default=fields.Date.context_today)
    return_months = fields.Integer(related="company_id.qualirepar_return_months")

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for report in self:
            if report.date_from > report.date_to:
                raise UserError(_("The period ends before it starts."))

    def _period_domain(self, field):
        return [
            ("company_id", "=", self.company_id.id),
            (field, ">=", fields.Datetime.to_datetime(self.date_from)),
            (field, "<", fields.Datetime.to_datetime(self.date_to + relativedelta(days=1))),
        ]

    def _returns(self):
        self.ensure_one()
        return self.env["repair.order"].search(
            self._period_domain("schedule_date") + [("return_of_id", "!=", False), ("state", "!=", "cancel")],
            order="schedule_date, id",
        )

    def _repaired_count(self):
        self.ensure_one()
        return self.env["repair.order"].search_count(self._period_domain("repair_end_date") + [("state", "=", "done")])

    def _figures(self):
        """What the report prints: the returns, the repairs ended over the period and
        the rate of returns among them."""
        self.ensure_one()
        returns, repaired = self._returns(), self._repaired_count()
        return {
            "returns": returns,
            "repaired": repaired,
            "rate": round(100.0 * len(returns) / repaired, 1) if repaired else 0.0,
        }

    def action_print(self):
        self.ensure_one()
        return self.env.ref("repair_qualirepar.action_report_qualirepar_returns").report_action(self)

    def action_view_returns(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("repair.action_repair_order_tree")
        action.update(
            name=_("Returns within %s months", self.return_months),
            domain=[("id", "in", self._returns().ids)],
            context={"create": False},
        )
        return action
