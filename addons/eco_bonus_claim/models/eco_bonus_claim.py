import logging
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from functools import partial

from odoo import Command, _, api, fields, models, modules
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..services.client import EcoRejectedError, EcoTransientError, read_files

_logger = logging.getLogger(__name__)


def _submit(client, payload, attachments):
    """One HTTP submission, run in a worker thread: no record is touched here."""
    try:
        return "sent", client.submit_claim(payload, read_files(attachments)), None
    except EcoTransientError as error:
        return "retry", str(error), error.external_id
    except EcoRejectedError as error:
        return "rejected", str(error), error.external_id


def _read(path):
    with open(path, "rb") as file:
        return file.read()


def _content(attachment):
    """The attachment's bytes, or for a file in the filestore a function reading
    them (called by the sending thread, away from the records)."""
    if attachment.store_fname:
        return partial(_read, attachment._full_path(attachment.store_fname))
    return attachment.raw


STATES = [
    ("to_review", "To review"),
    ("pending", "To send"),
    ("sent", "Sent"),
    ("accepted", "Accepted"),
    ("refused", "Refused"),
    ("paid", "Paid"),
    ("cancelled", "Cancelled"),
]


class EcoBonusClaim(models.Model):
    """A repair bonus the shop deducted and claims back from an eco-organism.

    Life: *to review* (the rules did not hold, or the eco-organism refused the
    claim as sent: a manager fixes it) → *to send* (queued; sent by a scheduled
    job, retried with a growing delay while the service fails) → *sent* → *accepted*
    or *refused* → *paid* (polled from the eco-organism)."""

    _name = "eco.bonus.claim"
    _description = "Repair bonus claim"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"

    name = fields.Char("Reference", required=True, readonly=True, copy=False, default=lambda self: _("New"))
    organism_id = fields.Many2one("eco.organism", required=True, index=True, tracking=True)
    organism_code = fields.Selection(related="organism_id.code", store=True)
    company_id = fields.Many2one(related="organism_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one("res.partner", string="Customer", index=True)
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    state = fields.Selection(STATES, required=True, default="pending", index=True, tracking=True, copy=False)
    repair_amount = fields.Monetary("Repair price", help="Price of the repair, tax included.")
    amount = fields.Monetary("Bonus claimed", tracking=True)
    paid_amount = fields.Monetary("Bonus paid", readonly=True, copy=False)
    line_ids = fields.One2many("eco.bonus.claim.line", "claim_id", string="Repairs", copy=True)
    review_reason = fields.Text(readonly=True, copy=False)
    refusal_reason = fields.Text(readonly=True, copy=False, tracking=True)
    external_id = fields.Char("Eco-organism reference", readonly=True, copy=False, index=True)
    external_status = fields.Char("Eco-organism status", readonly=True, copy=False)
    external_url = fields.Char("Open on the eco-organism's site", compute="_compute_external_url")
    attempt_count = fields.Integer("Sending attempts", readonly=True, copy=False)
    next_attempt_at = fields.Datetime("Next attempt", readonly=True, copy=False, index=True)
    last_error = fields.Text(readonly=True, copy=False)
    sent_at = fields.Datetime(readonly=True, copy=False)
    attachment_count = fields.Integer("Evidence", compute="_compute_attachment_count")
    receivable_line_ids = fields.Many2many(
        "account.move.line",
        "eco_bonus_claim_receivable_rel",
        "claim_id",
        "line_id",
        string="Receivable items",
        readonly=True,
        copy=False,
        groups="account.group_account_invoice",
        help="What the eco-organism owes for this claim in the accounts, reconciled when it pays.",
    )
    payment_id = fields.Many2one(
        "account.payment",
        readonly=True,
        copy=False,
        groups="account.group_account_invoice",
        help="The eco-organism's payment of this claim, registered when its status says paid.",
    )
    amount_due = fields.Monetary(
        "Still owed", compute="_compute_amount_due", help="What the eco-organism still owes in the accounts."
    )

    _sql_constraints = [
        ("name_company_uniq", "unique(name, company_id)", "A claim reference is unique in a company."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", _("New")) == _("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("eco.bonus.claim") or _("New")
        return super().create(vals_list)

    @api.depends("external_id", "organism_id")
    def _compute_external_url(self):
        for claim in self:
            template = claim.organism_id.sudo().claim_url_template
            claim.external_url = template.format(id=claim.external_id) if template and claim.external_id else False

    def _compute_attachment_count(self):
        counts = dict(
            self.env["ir.attachment"]._read_group(
                [("res_model", "=", self._name), ("res_id", "in", self.ids)], ["res_id"], ["__count"]
            )
        )
        for claim in self:
            claim.attachment_count = counts.get(claim.id, 0)

    @api.depends("receivable_line_ids.amount_residual")
    def _compute_amount_due(self):
        for claim in self:
            claim.amount_due = sum(claim.sudo().receivable_line_ids.mapped("amount_residual"))

    # -- actions -------------------------------------------------------------------------
    def action_send_now(self):
        """Queue the claims for the next run of the sending job, and run it."""
        if self.filtered(lambda c: c.state not in ("pending", "to_review")):
            raise UserError(_("Only claims to send or to review can be sent."))
        self.write({"state": "pending", "next_attempt_at": False})
        self._send()
        return True

    def action_cancel(self):
        if self.filtered(lambda c: c.state in ("sent", "accepted", "paid")):
            raise UserError(_("A claim the eco-organism has received cannot be cancelled here."))
        self.write({"state": "cancelled", "next_attempt_at": False})

    def action_open_external(self):
        self.ensure_one()
        if not self.external_url:
            raise UserError(_("This claim has not reached the eco-organism yet."))
        return {"type": "ir.actions.act_url", "url": self.external_url, "target": "new"}

    def action_view_attachments(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Evidence"),
            "res_model": "ir.attachment",
            "view_mode": "kanban,list,form",
            "domain": [("res_model", "=", self._name), ("res_id", "=", self.id)],
            "context": {"default_res_model": self._name, "default_res_id": self.id},
        }

    # -- sending ---------------------------------------------------------------------------
    @api.model
    def _cron_send_pending(self, limit=200):
        claims = self.search(
            [
                ("state", "=", "pending"),
                "|",
                ("next_attempt_at", "=", False),
                ("next_attempt_at", "<=", fields.Datetime.now()),
            ],
            order="next_attempt_at, id",
            limit=limit,
        )
        claims._send()
        return True

    def _send(self):
        """Send the claims, a batch at a time: the batch's records are read in this
        thread, its requests then run side by side in worker threads (which touch
        no record and read the files themselves), and the answers are written and
        committed. Claims carry their reference as an idempotency key, so a batch
        lost after sending is sent again without creating duplicates."""
        clients = {}
        for organism in self.organism_id:
            claims = self.filtered(lambda c, o=organism: c.organism_id == o)
            workers = max(organism.sudo().parallel_requests, 1)
            size = workers * 25
            with ThreadPoolExecutor(max_workers=workers) as pool:
                for start in range(0, len(claims), size):
                    batch = claims[start : start + size]
                    self._finish_batch(batch, batch._submit_all(pool, clients))

    def _send_one(self):
        self.ensure_one()
        self._send()

    def _submit_all(self, pool, clients):
        """Start the requests of the claims ready to go: ``[(claim, future)]``; the
        others wait or go to review here."""
        Attachment = self.env["ir.attachment"]
        evidence = defaultdict(lambda: Attachment)
        for attachment in Attachment.search([("res_model", "=", self._name), ("res_id", "in", self.ids)], order="id"):
            evidence[attachment.res_id] |= attachment
        submitted = []
        for claim in self:
            organism = claim.organism_id.sudo()
            try:
                if organism.id not in clients:
                    clients[organism.id] = organism._eco_client()
                if claim._prepare_evidence():
                    evidence[claim.id] = Attachment.search(
                        [("res_model", "=", self._name), ("res_id", "=", claim.id)], order="id"
                    )
                files = claim._eco_attachments(evidence[claim.id])
                submitted.append((claim, pool.submit(_submit, clients[organism.id], claim._eco_payload(), files)))
            except EcoTransientError as error:
                claim._schedule_retry(str(error))
            except EcoRejectedError as error:
                claim._to_review(_("The eco-organism refused the claim: %s", error))
        return submitted

    @api.model
    def _finish_batch(self, batch, submitted):
        sent = []
        for claim, future in submitted:
            outcome, detail, external_id = future.result()
            if outcome == "sent":
                sent.append((claim, *detail))
            else:
                claim._apply_failure(outcome, detail, external_id)
        self._record_sent(sent)
        batch._commit_progress()

    def _apply_failure(self, outcome, detail, external_id=None):
        if external_id and external_id != self.external_id:
            # created on the service before failing: the next attempt resumes it
            self.external_id = external_id
        if outcome == "retry":
            self._schedule_retry(detail)
        else:
            self._to_review(_("The eco-organism refused the claim: %s", detail))

    @api.model
    def _record_sent(self, sent):
        """Write what the eco-organisms answered, ``[(claim, external_id,
        external_status)]``: one write per resulting state, the references (one per
        claim) in a single statement."""
        groups = defaultdict(list)
        for claim, external_id, external_status in sent:
            state = claim.organism_id._eco_status_map().get(external_status) or "sent"
            groups["sent" if state in ("pending", "to_review") else state, external_status].append((claim, external_id))
        now = fields.Datetime.now()
        for (state, external_status), items in groups.items():
            claims = self.browse([claim.id for claim, _ref in items])
            claims.flush_recordset(["external_id"])
            self.env.cr.execute(
                SQL(
                    "UPDATE eco_bonus_claim AS claim SET external_id = answer.reference "
                    "FROM (VALUES %s) AS answer(id, reference) WHERE claim.id = answer.id",
                    SQL(", ").join(SQL("(%s, %s)", claim.id, reference) for claim, reference in items),
                )
            )
            claims.invalidate_recordset(["external_id"])
            claims.modified(["external_id"])
            # the send date records the step: no chatter message for each claim sent
            claims.with_context(tracking_disable=True).write(
                {
                    "state": state,
                    "external_status": external_status,
                    "sent_at": now,
                    "next_attempt_at": False,
                    "last_error": False,
                }
            )

    def _schedule_retry(self, error):
        organism = self.organism_id.sudo()
        attempts = self.attempt_count + 1
        delay = min(organism.retry_delay * 2 ** (attempts - 1), organism.retry_max_delay)
        self.write(
            {
                "attempt_count": attempts,
                "last_error": error,
                "next_attempt_at": fields.Datetime.now() + timedelta(minutes=delay),
            }
        )
        _logger.info("claim %s: attempt %s failed, next in %s min", self.name, attempts, delay)
        if attempts == organism.alert_after_attempts:
            self._warn_managers(
                _("The claim could not be sent after %(count)s attempts: %(error)s", count=attempts, error=error)
            )

    def _to_review(self, reason):
        self.write({"state": "to_review", "review_reason": reason, "next_attempt_at": False})
        self._warn_managers(reason)

    def _warn_managers(self, note):
        manager = self.organism_id.sudo().responsible_id or self.env.ref("base.user_admin", raise_if_not_found=False)
        self.activity_schedule(
            "mail.mail_activity_data_todo", note=note, user_id=manager.id if manager else self.env.uid
        )

    def _commit_progress(self):
        if not modules.module.current_test:
            self.env.cr.commit()  # pylint: disable=invalid-commit

    # -- status follow-up ---------------------------------------------------------------
    @api.model
    def _cron_poll_status(self, limit=500):
        claims = self.search([("state", "in", ("sent", "accepted"))], order="sent_at, id", limit=limit)
        clients = {}
        for claim in claims:
            organism = claim.organism_id.sudo()
            try:
                if organism.id not in clients:
                    clients[organism.id] = organism._eco_client()
                status, reason, paid = clients[organism.id].get_claim_status(claim.external_id)
            except (EcoTransientError, EcoRejectedError) as error:
                claim.last_error = str(error)
                continue
            claim._apply_external_status(status, reason, paid)
            claim._commit_progress()

    def _apply_external_status(self, external_status, reason, paid_amount):
        state = self.organism_id._eco_status_map().get(external_status)
        values = {"external_status": external_status}
        if state and state != self.state:
            values["state"] = state
            if state == "refused":
                values["refusal_reason"] = reason or _("No reason given")
            if state == "paid":
                values["paid_amount"] = paid_amount or self.amount
        self.write(values)
        if values.get("state") == "refused":
            self._warn_managers(_("Refused by the eco-organism: %s", values["refusal_reason"]))
        if values.get("state") == "paid":
            self._eco_settle()

    # -- accounting --------------------------------------------------------------------
    def _eco_link_receivables(self, lines):
        """Record what the claim settles in the accounts (its connector finds it) and
        settle it if it is already paid."""
        self.ensure_one()
        self.sudo().receivable_line_ids = [Command.link(line.id) for line in lines]
        self._eco_settle()

    def _eco_settle(self):
        """Register the eco-organism's payment of the paid claims in its bank journal
        and reconcile it with their receivable items, as the accountant's "Register
        payment" does. Once only: a claim with a payment is left alone, and a claim
        whose receivable is not in the accounts yet is settled when it is."""
        for claim in self.sudo().filtered(lambda c: c.state == "paid" and not c.payment_id):
            lines = claim.receivable_line_ids.filtered(
                lambda line: line.parent_state == "posted" and not line.reconciled
            )
            if not lines:
                continue
            journal = claim.organism_id._eco_payment_journal()
            if not journal:
                claim._warn_managers(_("No bank journal to register the eco-organism's payment in."))
                continue
            wizard = (
                self.env["account.payment.register"]
                .with_company(claim.company_id)
                .with_context(active_model="account.move.line", active_ids=lines.ids)
                .create(
                    {
                        "journal_id": journal.id,
                        "amount": claim.paid_amount or claim.amount,
                        "payment_date": fields.Date.context_today(claim),
                        "communication": " ".join(filter(None, [claim.name, claim.external_id])),
                        "payment_difference_handling": "open",
                    }
                )
            )
            claim.payment_id = wizard._create_payments()[:1]
            claim.message_post(
                body=_(
                    "Payment %(payment)s of %(amount)s registered and reconciled.",
                    payment=claim.payment_id.name,
                    amount=claim.currency_id.format(claim.payment_id.amount),
                )
            )

    # -- hooks for the connectors -------------------------------------------------------
    def _prepare_evidence(self):
        """Make the attachments ready to send (the POS turns photos into clean JPEGs);
        True when attachments were added."""
        return False

    def _eco_payload(self):
        self.ensure_one()
        return {
            "reference": self.name,
            "external_id": self.external_id or None,
            "date": fields.Date.to_string(self.date),
            "repair_amount": self.repair_amount,
            "bonus_amount": self.amount,
            "currency": self.currency_id.name,
            "repairs": [
                {"code": line.repair_type_id.code, "label": line.repair_type_id.name, "amount": line.amount}
                for line in self.line_ids
            ],
        }

    def _eco_attachments(self, attachments=None):
        if attachments is None:
            attachments = self.env["ir.attachment"].search(
                [("res_model", "=", self._name), ("res_id", "=", self.id)], order="id"
            )
        return [(a.name, a.mimetype, _content(a), a.description or "document") for a in attachments]


class EcoBonusClaimLine(models.Model):
    _name = "eco.bonus.claim.line"
    _description = "Repair bonus claim line"

    claim_id = fields.Many2one("eco.bonus.claim", required=True, ondelete="cascade", index=True)
    currency_id = fields.Many2one(related="claim_id.currency_id")
    repair_type_id = fields.Many2one("eco.bonus.repair.type", required=True)
    description = fields.Char()
    amount = fields.Monetary("Bonus")
