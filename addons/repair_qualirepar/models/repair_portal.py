import base64
import hashlib
import io

import qrcode

from odoo import _, fields, models
from odoo.tools import format_date


class RepairOrder(models.Model):
    """What the customer sees of the repair: the take-in voucher, the portal page
    and its live status, the documents, and after the repair the satisfaction
    survey (point 6.4.3 of the label)."""

    _name = "repair.order"
    _inherit = ["repair.order", "portal.mixin"]

    deposit_amount = fields.Monetary("Deposit paid", copy=False)
    deposit_journal_id = fields.Many2one(
        "account.journal",
        string="Deposit paid by",
        domain="[('type', 'in', ('cash', 'bank')), ('company_id', '=', company_id)]",
        copy=False,
    )
    gdpr_consent = fields.Boolean(
        "Data processing accepted",
        copy=False,
        help="The customer accepts that the shop keeps their data for the repair.",
    )
    used_parts_consent = fields.Boolean(
        "Used parts accepted", copy=False, help="The customer accepts used or reconditioned spare parts."
    )

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for repair in self:
            repair.access_url = f"/my/repairs/{repair.id}"
        return result

    def _voucher_qr_code(self):
        """The customer's repair page as a QR code (PNG data URI)."""
        self.ensure_one()
        image = qrcode.make(self.get_base_url() + self.get_portal_url(), box_size=4, border=1)
        out = io.BytesIO()
        image.save(out, format="PNG")
        return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()

    def _portal_documents(self):
        """``[(label, url)]`` the customer may download."""
        self.ensure_one()
        documents = [(_("Take-in voucher"), self.get_portal_url(report_type="pdf", download=True))]
        order = self.sale_order_id
        if order and order.state != "cancel":
            documents.append((_("Quotation %s", order.name), order.get_portal_url()))
        for invoice in order.invoice_ids.filtered(lambda i: i.state == "posted"):
            documents.append((_("Invoice %s", invoice.name), invoice.get_portal_url()))
        for document in self.document_ids.filtered("customer_visible"):
            documents.append((document.name, document._download_url()))
        return documents

    def action_print_voucher(self):
        return self.env.ref("repair_qualirepar.action_report_repair_voucher").report_action(self)

    survey_user_input_id = fields.Many2one(
        "survey.user_input", "Satisfaction survey", copy=False, readonly=True, groups="survey.group_survey_user"
    )
    survey_url = fields.Char(compute="_compute_survey", help="Where the customer answers the satisfaction survey.")
    survey_answered = fields.Boolean(compute="_compute_survey")

    def _compute_survey(self):
        for repair in self:
            answer = repair.sudo().survey_user_input_id
            repair.survey_url = repair.get_base_url() + answer.get_start_url() if answer else False
            repair.survey_answered = answer.state == "done"

    def _repair_invite_survey(self):
        """Invite the customers of these finished repairs to the company's survey,
        once per repair, by e-mail when they have one."""
        template = self.env.ref("repair_qualirepar.mail_template_repair_survey")
        for repair in self.filtered(lambda r: r.partner_id and r.company_id.repair_survey_id):
            if repair.sudo().survey_user_input_id:
                continue
            answer = (
                repair.company_id.repair_survey_id.sudo()
                .with_context(lang=repair.partner_id.lang)
                ._create_answer(partner=repair.partner_id, check_attempts=False, repair_id=repair.id)
            )
            repair.sudo().survey_user_input_id = answer
            if repair.partner_id.email:
                repair.message_post_with_source(template, subtype_xmlid="mail.mt_comment")

    def action_repair_done(self):
        result = super().action_repair_done()
        self.filtered(lambda r: r.state == "done")._repair_invite_survey()
        return result

    def action_view_survey_answer(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "survey.user_input",
            "res_id": self.survey_user_input_id.id,
            "view_mode": "form",
        }

    # -- the steps the customer follows --------------------------------------------
    def _portal_steps(self):
        """``[(label, date shown or "", status)]``, status being done, current or todo."""
        self.ensure_one()
        order = self.sale_order_id
        steps = [(_("Taken in"), self.create_date, "done")]
        if order and order.state != "cancel":
            accepted = order.state == "sale"
            steps.append(
                (_("Quote accepted"), order.date_order, "done")
                if accepted
                else (_("Quote to accept"), False, "current")
            )
        started = self.state in ("under_repair", "done")
        waiting = self.sms_parts_waiting and not self.sms_parts_sent and self.state != "done"
        if waiting:
            steps.append((_("Waiting for spare parts"), False, "current"))
        steps.append(
            (
                _("Under repair"),
                False,
                "done" if self.state == "done" else "current" if started and not waiting else "todo",
            )
        )
        steps.append(
            (_("Repaired: ready to collect"), self.repair_end_date, "done" if self.state == "done" else "todo")
        )
        return [(label, format_date(self.env, day) if day else "", status) for label, day, status in steps]

    def _portal_status(self):
        """The status block of the portal page and its fingerprint, which changes
        whenever what it shows changes."""
        self.ensure_one()
        html = self.env["ir.qweb"]._render("repair_qualirepar.portal_repair_status", {"repair": self})
        return html, hashlib.sha1(str(html).encode()).hexdigest()
