from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .qualirepar_catalog import FICHES


class QualiReparTraining(models.Model):
    """The shop's planning of staff training and legal watch, as the label's
    auditor checks it: what was planned, what was done, by whom, with the proof."""

    _name = "qualirepar.training"
    _description = "Staff training or legal watch"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"

    name = fields.Char("Subject", required=True, tracking=True)
    kind = fields.Selection(
        [("training", "Staff training"), ("legal_watch", "Legal watch")],
        required=True,
        default="training",
        tracking=True,
    )
    date = fields.Date("Planned on", required=True, default=fields.Date.context_today, tracking=True)
    done_on = fields.Date("Done on", copy=False, tracking=True)
    state = fields.Selection(
        [("planned", "Planned"), ("done", "Done"), ("cancelled", "Cancelled")],
        required=True,
        default="planned",
        readonly=True,
        copy=False,
        tracking=True,
    )
    duration = fields.Float("Duration (hours)")
    fiche = fields.Selection(FICHES, string="Fiche métier", help="Empty: every fiche.")
    provider = fields.Char("Given by", help="The trainer, the body or the source read (law, decree, label's notice).")
    user_ids = fields.Many2many(
        "res.users",
        string="Participants",
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    responsible_id = fields.Many2one(
        "res.users",
        default=lambda self: self.env.user,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
        help="Reminded by an activity on the planned day.",
    )
    summary = fields.Html("What was learnt or changed")
    attachment_ids = fields.Many2many("ir.attachment", string="Proof", help="Attendance sheet, certificate, text read.")
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)

    @api.constrains("done_on", "date")
    def _check_done_on(self):
        for training in self.filtered("done_on"):
            if training.done_on > fields.Date.context_today(training):
                raise ValidationError(_("%s: it cannot be done on a day still to come.", training.name))

    @api.model_create_multi
    def create(self, vals_list):
        trainings = super().create(vals_list)
        trainings._schedule_reminder()
        return trainings

    def write(self, vals):
        result = super().write(vals)
        if {"date", "responsible_id"} & set(vals):
            self.activity_unlink(["mail.mail_activity_data_todo"])
            self._schedule_reminder()
        return result

    def _schedule_reminder(self):
        for training in self.filtered(lambda t: t.state == "planned" and t.responsible_id):
            training.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=training.date,
                summary=_("%(kind)s planned: %(name)s", kind=training._kind_label(), name=training.name),
                user_id=training.responsible_id.id,
            )

    def _kind_label(self):
        self.ensure_one()
        return dict(self._fields["kind"]._description_selection(self.env))[self.kind]

    def action_done(self):
        for training in self:
            if training.state != "planned":
                raise UserError(_("%s is not planned any more.", training.name))
            if training.kind == "training" and not training.user_ids:
                raise UserError(_("%s: say who took part before marking it done.", training.name))
        for training in self:
            training.write({"state": "done", "done_on": training.done_on or fields.Date.context_today(training)})
        self.activity_feedback(["mail.mail_activity_data_todo"])

    def action_cancel(self):
        self.write({"state": "cancelled"})
        self.activity_unlink(["mail.mail_activity_data_todo"])

    def action_plan_again(self):
        self.write({"state": "planned", "done_on": False})
        self._schedule_reminder()
