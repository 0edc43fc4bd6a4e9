from odoo import fields, models

from .qualirepar_catalog import FICHES

STAGES = [("check_in", "Check-in"), ("check_out", "Check-out")]


class QualiReparControlPoint(models.Model):
    """A check the label asks for before (check-in) or after (check-out) the
    repair, for one "fiche métier" or for every repair."""

    _name = "qualirepar.control.point"
    _description = "QualiRépar control point"
    _order = "stage, sequence, id"

    name = fields.Char("Check", required=True, translate=True)
    sequence = fields.Integer(default=10)
    fiche = fields.Selection(FICHES, string="Fiche métier", help="Empty: every repair.")
    stage = fields.Selection(STAGES, required=True, default="check_in")
    mandatory = fields.Boolean(help="The repair cannot start (check-in) or end (check-out) before it is answered.")
    company_id = fields.Many2one("res.company", help="Empty: every company.")
    active = fields.Boolean(default=True)


class RepairControlAnswer(models.Model):
    _name = "repair.control.answer"
    _description = "Answer to a control point"
    _order = "stage, sequence, id"

    repair_id = fields.Many2one("repair.order", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="repair_id.company_id", store=True)
    point_id = fields.Many2one("qualirepar.control.point", required=True, ondelete="restrict")
    name = fields.Char(related="point_id.name")
    sequence = fields.Integer(related="point_id.sequence", store=True)
    stage = fields.Selection(related="point_id.stage", store=True)
    mandatory = fields.Boolean(related="point_id.mandatory")
    result = fields.Selection(
        [("ok", "Compliant"), ("ko", "Not compliant"), ("na", "Not applicable")],
        help="Empty: not checked yet.",
    )
    note = fields.Char()
    checked_by_id = fields.Many2one("res.users", "Checked by", readonly=True)
    checked_on = fields.Datetime(readonly=True)

    _sql_constraints = [
        ("point_uniq", "unique(repair_id, point_id)", "A control point is answered once per repair."),
    ]

    def write(self, vals):
        if "result" in vals:
            vals = dict(vals, checked_by_id=self.env.uid, checked_on=fields.Datetime.now())
        return super().write(vals)
