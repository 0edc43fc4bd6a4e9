import logging
from contextlib import contextmanager
from datetime import timedelta
from functools import partial

from psycopg2.errors import SerializationFailure

from odoo import Command, _, api, fields, models, modules
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..services.client import (
    EcoClientError,
    EcoLookupUnavailable,
    EcoRejectedError,
    EcoTransientError,
    read_files,
)
from ..services.images import ImageProblem, clean_jpeg

_logger = logging.getLogger(__name__)


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
    review_reason = fields.Text(readonly=True, copy=False)
    refusal_reason = fields.Text(readonly=True, copy=False, tracking=True)
    external_id = fields.Char("Eco-organism reference", readonly=True, copy=False, index=True)
    external_status = fields.Char("Eco-organism status", readonly=True, copy=False)
    external_url = fields.Char("Open on the eco-organism's site", compute="_compute_external_url")
    attempt_count = fields.Integer("Sending attempts", readonly=True, copy=False)
    next_attempt_at = fields.Datetime("Next attempt", readonly=True, copy=False, index=True)
    last_attempt_at = fields.Datetime("Last attempt", readonly=True, copy=False)
    sending_since = fields.Datetime(
        readonly=True,
        copy=False,
        help="A sender is sending the claim since then; no other takes it meanwhile. Left by a sender that "
        "died while sending: the claim is taken again after a while, and first looked for on the service.",
    )
    delivery_uncertain = fields.Boolean(
        "Answer lost",
        readonly=True,
        copy=False,
        help="An earlier sending got no readable answer: the eco-organism may hold the claim. It is looked for "
        "there before being created again.",
    )
    withdrawn = fields.Boolean(
        readonly=True,
        copy=False,
        tracking=True,
        help="Withdrawn after the eco-organism received it (the customer was refunded, the invoice credited): "
        "the bonus is no longer owed and the claim is to be withdrawn on the eco-organism's site.",
    )
    last_polled_at = fields.Datetime("Status last asked", readonly=True, copy=False, index=True)
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

    @api.depends("receivable_line_ids.amount_residual", "amount", "payment_id")
    def _compute_amount_due(self):
        for claim in self.sudo():
            residual = sum(claim.receivable_line_ids.mapped("amount_residual"))
            # several claims may share an item (one claim per repair of one order):
            # a claim is owed at most its own amount, less what was paid of it
            own = claim.amount - (claim.payment_id.amount if claim.payment_id else 0.0)
            claim.amount_due = min(residual, max(own, 0.0)) if residual > 0 else residual

    # -- actions -------------------------------------------------------------------------
    def action_send_now(self):
        """Make the claims due now and wake the sending job up. The user gets the
        answer at once; the claims go through the job's locked path, so that a claim
        is never sent by two workers at the same time."""
        self.check_access("write")  # the update below is SQL: the rights are checked here
        if self.filtered(lambda c: c.state not in ("pending", "to_review")):
            raise UserError(_("Only claims to send or to review can be sent."))
        # a person sending a claim again from review has checked what it said
        self.filtered(lambda c: c.state == "to_review").write(
            {"state": "pending", "delivery_uncertain": False, "review_reason": False}
        )
        self.flush_recordset()
        # a claim a sender holds or is sending right now is left alone: it is being
        # sent, and its sender's writes never meet this one (a concurrent update
        # here fails this request, which Odoo retries, never the sender)
        self.env.cr.execute(
            SQL(
                "UPDATE eco_bonus_claim SET next_attempt_at = %s WHERE id IN ("
                " SELECT id FROM eco_bonus_claim WHERE id = ANY(%s) AND state = 'pending'"
                " AND sending_since IS NULL FOR UPDATE SKIP LOCKED)",
                fields.Datetime.now(),
                self.ids,
            )
        )
        self.invalidate_recordset(["next_attempt_at"])
        self.env.ref("eco_bonus_claim.ir_cron_send_claims").sudo()._trigger()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": _("The claims are sent in a moment; their state follows here."),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_cancel(self):
        if self.filtered(lambda c: c.state in ("sent", "accepted", "paid")):
            raise UserError(_("A claim the eco-organism has received cannot be cancelled here."))
        self.write({"state": "cancelled", "next_attempt_at": False})

    def _eco_unsent(self):
        """The eco-organism has not received the claim and no sender holds it."""
        self.ensure_one()
        return self.state in ("pending", "to_review") and not self.sending_since

    def _eco_withdraw(self, reason, reverse=True):
        """Withdraw the claims (a refund, a credit note): cancelled while the
        eco-organism has not received them; once received (or being sent), flagged,
        their receivable reversed (unless ``reverse`` is false: the refund itself
        gave it back), and the responsible asked to withdraw them on the
        eco-organism's site."""
        for claim in self:
            if claim._eco_unsent():
                claim.write({"state": "cancelled", "next_attempt_at": False})
                claim.message_post(body=_("Cancelled: %s.", reason))
            elif claim.state not in ("cancelled", "refused") and not claim.withdrawn:
                claim.withdrawn = True
                if reverse:
                    claim._eco_reverse_receivable()
                claim._warn_managers(_("Withdraw this claim on the eco-organism's site: %s.", reason))

    def _eco_reverse_receivable(self):
        """Reverse what the eco-organism owes for this claim with a withdrawal entry
        in the line's journal: it credits the eco-organism for what is still owed,
        reconciled with that line, against the side the bonus came from. A
        receivable booked on an entry of its own (``eco.organism._eco_book_receivable``)
        goes back onto that entry's other side (the customer); one inside a larger
        entry (a till session's closing), which is never touched, onto the side the
        connector names (:meth:`_eco_withdrawal_counterpart`). Each partner's side is
        matched with its own (Odoo's reversal matches by account, and both sides are
        receivables). Without a counterpart the accountant is told."""
        self.ensure_one()
        claim = self.sudo()
        # receivable items an order's claims share: this claim's part only, once
        left = claim.amount_due
        for line in claim.receivable_line_ids.filtered(lambda l: l.parent_state == "posted" and not l.reconciled):
            if claim.currency_id.compare_amounts(left, 0) <= 0 and line.amount_residual > 0:
                break
            move = line.move_id
            other = move.line_ids - line
            if len(other) == 1:
                counterpart = (other.account_id, other.partner_id)
            else:
                counterpart = claim._eco_withdrawal_counterpart(line)
            if not counterpart:
                self._warn_managers(
                    _(
                        "The receivable of %(claim)s is inside %(move)s: reverse it by hand.",
                        claim=self.name,
                        move=move.name,
                    )
                )
                continue
            owed = line.amount_residual > 0
            withdrawal = claim._eco_withdrawal_move(line, counterpart, left if owed else None)
            if owed:
                left = claim.currency_id.round(left - withdrawal.amount_total)
            self.message_post(body=_("Receivable reversed by %s.", withdrawal.name))

    def _eco_withdrawal_counterpart(self, line):
        """``(account, partner)`` that takes back the withdrawn bonus of ``line``,
        the eco-organism's receivable inside a larger entry. By default the
        customer's receivable: the customer owes again what the eco-organism no
        longer pays (as the reversal of an entry of its own does). Connectors answer
        for claims without a customer; None leaves it to the accountant."""
        self.ensure_one()
        partner = self.partner_id.commercial_partner_id
        if not partner:
            return None
        account = partner.with_company(self.company_id).property_account_receivable_id
        return (account, partner) if account else None

    def _eco_withdrawal_move(self, line, counterpart, at_most=None):
        """A posted entry moving what is still owed on ``line`` (``at_most`` of it)
        onto ``counterpart``, its eco-organism part reconciled with ``line``."""
        account, partner = counterpart
        ref = _("Withdrawn: %(claim)s (%(line)s)", claim=self.name, line=line.name or line.move_id.name)
        residual = line.amount_residual
        if at_most is not None and residual > 0:
            residual = min(residual, at_most)
        eco_values = {
            "name": ref,
            "account_id": line.account_id.id,
            "partner_id": line.partner_id.id,
            "debit": -residual if residual < 0 else 0.0,
            "credit": residual if residual > 0 else 0.0,
        }
        other_values = {
            "name": ref,
            "account_id": account.id,
            "partner_id": partner.id if partner else False,
            "debit": eco_values["credit"],
            "credit": eco_values["debit"],
        }
        move = (
            self.env["account.move"]
            .with_company(line.company_id)
            .create(
                {
                    "move_type": "entry",
                    "journal_id": line.journal_id.id,
                    "date": fields.Date.context_today(self),
                    "ref": ref,
                    "line_ids": [Command.create(eco_values), Command.create(other_values)],
                }
            )
        )
        move._post()
        (
            move.line_ids.filtered(lambda l: l.account_id == line.account_id and l.partner_id == line.partner_id) | line
        ).reconcile()
        return move

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

    # -- transactions -------------------------------------------------------------------
    def _eco_commits(self):
        """Whether the sending and polling jobs commit as they go (always, except
        in tests, where a test running senders on cursors of its own asks for it)."""
        return self.env.context.get("eco_bonus_commit", not modules.module.current_test)

    def _eco_commit(self):
        if self._eco_commits():
            self.env.cr.commit()  # pylint: disable=invalid-commit

    @contextmanager
    def _eco_unit(self):
        """A unit of work kept whatever comes next (committed; in tests, a released
        savepoint), or undone alone when it fails."""
        if self._eco_commits():
            try:
                yield
                self.env.cr.commit()  # pylint: disable=invalid-commit
            except Exception:
                self.env.cr.rollback()
                raise
        else:
            with self.env.cr.savepoint():
                yield

    @api.model
    def _eco_param(self, key, default):
        return int(self.env["ir.config_parameter"].sudo().get_param(f"eco_bonus_claim.{key}", default))

    # -- sending ---------------------------------------------------------------------------
    @api.model
    def _cron_send_pending(self, limit=None):
        """Send the claims that are due, one at a time, each taken under a row lock
        that the other senders (cron workers, "Send now", another server) skip."""
        self._eco_send_queue(limit=limit)
        return True

    def _send(self):
        """Send these claims now, whatever their next attempt date, through the same
        locked path as the job."""
        self._eco_send_queue(ids=self.ids)

    def _send_one(self):
        self.ensure_one()
        self._send()

    @api.model
    def _eco_send_queue(self, ids=None, limit=None):
        limit = limit or self._eco_param("send_batch", 500)
        done, clients = [], {}
        while len(done) < limit:
            claim = self._eco_take_pending(ids, done)
            if not claim:
                break
            done.append(claim.id)
            claim._eco_send_taken(clients)
        return self.browse(done)

    @api.model
    def _eco_take_pending(self, ids, skip):
        """One claim to send, locked: due (or among ``ids``), not sent by another
        sender right now (``sending_since``, unless that sender died long ago), not
        in ``skip``. None when the others hold the rest."""
        now = fields.Datetime.now()
        stale = now - timedelta(minutes=self._eco_param("send_lease_minutes", 30))
        conditions = [
            SQL("state = 'pending'"),
            SQL("(sending_since IS NULL OR sending_since < %s)", stale),
            SQL("NOT (id = ANY(%s))", skip),
            SQL("id = ANY(%s)", list(ids))
            if ids is not None
            else SQL("(next_attempt_at IS NULL OR next_attempt_at <= %s)", now),
        ]
        return self._eco_lock_one(
            SQL(
                "SELECT id FROM eco_bonus_claim WHERE %s"
                " ORDER BY next_attempt_at ASC NULLS FIRST, id LIMIT 1 FOR UPDATE SKIP LOCKED",
                SQL(" AND ").join(conditions),
            )
        )

    @api.model
    def _eco_lock_one(self, query):
        """The claim ``query`` locks, or an empty recordset. A row another
        transaction changed since this one's snapshot cannot be locked here
        (repeatable read): nothing is pending in this transaction when a claim is
        taken, so it starts again, with a snapshot of now."""
        self.flush_model()
        for attempt in range(3):
            try:
                self.env.cr.execute(query)
                break
            except SerializationFailure:
                if not self._eco_commits() or attempt == 2:
                    raise
                self.env.cr.rollback()
        row = self.env.cr.fetchone()
        return self.browse(row[0] if row else [])

    def _eco_client_for(self, clients):
        """This claim's client, one per eco-organism and run (or the error making it)."""
        organism = self.organism_id.sudo()
        if organism.id not in clients:
            try:
                clients[organism.id] = organism._eco_client()
            except Exception as error:  # noqa: BLE001 - kept for each of its claims
                clients[organism.id] = error
        if isinstance(clients[organism.id], Exception):
            raise clients[organism.id]
        return clients[organism.id]

    def _eco_send_taken(self, clients):
        """Send this claim, whose row lock the caller holds. Every step that counts
        ends committed: the evidence and the mark that the request is leaving
        (``sending_since``) before it leaves, the service's reference as soon as it
        answers. Any failure, of any type, is recorded on this claim alone."""
        self.ensure_one()
        # a sender that died in flight (a killed worker, a lost server) left its mark
        interrupted = bool(self.sending_since)
        self.attempt_count += 1
        try:
            with self.env.cr.savepoint():
                self._eco_prepare_evidence()
                payload = self._eco_payload()
                files = self._eco_attachments()
                client = self._eco_client_for(clients)
        except Exception as error:  # noqa: BLE001 - this claim's failure only
            self._eco_failed(error)
            self._eco_commit()
            return
        uncertain = not self.external_id and (interrupted or self.delivery_uncertain)
        now = fields.Datetime.now()
        self.write({"sending_since": now, "last_attempt_at": now})
        self._eco_commit()  # releases the lock: ``sending_since`` keeps the others away
        external_id = None
        try:
            if uncertain:
                # the service may hold the claim already: never create it twice
                found = client.find_claim(payload)
                if found:
                    self._eco_progress(found[0])
                    payload["external_id"] = found[0]
                    _logger.info("claim %s: found again on the service as %s", self.name, found[0])
            external_id, external_status = client.submit_claim(payload, read_files(files), progress=self._eco_progress)
            if not external_id:
                raise EcoTransientError("the service answered without the claim's reference", maybe_received=True)
            with self._eco_unit():
                self._eco_record_sent(external_id, external_status)
        except Exception as error:  # noqa: BLE001 - this claim's failure only
            self._eco_failed(error, external_id=external_id, sent=True)
            self._eco_commit()

    def _eco_progress(self, external_id):
        """The service created the claim (a step of a claim sent in several): its
        reference is kept at once, whatever the next steps do."""
        if external_id and external_id != self.external_id:
            with self._eco_unit():
                self.external_id = external_id

    def _eco_record_sent(self, external_id, external_status):
        state = self.organism_id._eco_status_map().get(external_status) or "sent"
        # the send date records the step: no chatter message for each claim sent
        self.with_context(tracking_disable=True).write(
            {
                "state": "sent" if state in ("pending", "to_review") else state,
                "external_id": external_id,
                "external_status": external_status,
                "sent_at": fields.Datetime.now(),
                "next_attempt_at": False,
                "sending_since": False,
                "delivery_uncertain": False,
                "last_error": False,
            }
        )

    def _eco_failed(self, error, external_id=None, sent=False):
        """Record a failed attempt: the error, then the next try or a review.
        ``sent``: the request may have left, so the service may hold the claim."""
        known = external_id or getattr(error, "external_id", None) or self.external_id
        if isinstance(error, (EcoClientError, ImageProblem)):
            text = str(error)
            maybe_received = sent and getattr(error, "maybe_received", False)
        else:
            # nobody foresaw this one (a service's odd answer, a bug): logged in full
            text = f"{type(error).__name__}: {error}"
            maybe_received = sent
            _logger.warning("claim %s: sending failed", self.name, exc_info=error)
        values = {"sending_since": False, "last_error": text, "external_id": known or False}
        if maybe_received and not known:
            values["delivery_uncertain"] = True
        self.write(values)
        if isinstance(error, EcoLookupUnavailable):
            self._to_review(
                _(
                    "The answer to an earlier sending was lost and %(organism)s offers no way to look the claim up. "
                    "Check on its site whether it holds the claim %(claim)s: if it does, enter its reference on the "
                    "claim, then send it again; if it does not, send it again.",
                    organism=self.organism_id.name,
                    claim=self.name,
                )
            )
        elif isinstance(error, ImageProblem):
            self._to_review(_("A file cannot be sent: %s", error))
        elif isinstance(error, EcoRejectedError):
            if error.status_code:
                self._to_review(_("The eco-organism refused the claim: %s", error))
            else:
                self._to_review(_("The claim cannot be sent as it is: %s", error))
        else:
            self._schedule_retry(text)

    def _schedule_retry(self, error):
        organism = self.organism_id.sudo()
        attempts = max(self.attempt_count, 1)
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

    # -- status follow-up ---------------------------------------------------------------
    @api.model
    def _cron_poll_status(self, limit=None):
        """Ask the eco-organisms for the status of the open claims, least recently
        asked first, so that every claim is followed in turn however many there are;
        each claim is taken under a row lock, and its failure is its own."""
        limit = limit or self._eco_param("poll_batch", 500)
        done, clients = [], {}
        while len(done) < limit:
            claim = self._eco_lock_one(
                SQL(
                    "SELECT id FROM eco_bonus_claim"
                    " WHERE state IN ('sent', 'accepted') AND external_id IS NOT NULL AND NOT (id = ANY(%s))"
                    " ORDER BY last_polled_at ASC NULLS FIRST, id LIMIT 1 FOR UPDATE SKIP LOCKED",
                    done,
                )
            )
            if not claim:
                break
            done.append(claim.id)
            claim._eco_poll_taken(clients)
        return True

    def _eco_poll_taken(self, clients):
        self.ensure_one()
        now = fields.Datetime.now()
        try:
            with self._eco_unit():
                status, reason, paid = self._eco_client_for(clients).get_claim_status(self.external_id)
                if not status or not isinstance(status, str):
                    raise EcoTransientError("the service answered without a status")
                self._apply_external_status(status, reason, float(paid or 0.0))
                self.last_polled_at = now
        except Exception as error:  # noqa: BLE001 - this claim's failure only
            text = str(error) if isinstance(error, EcoClientError) else f"{type(error).__name__}: {error}"
            _logger.info("claim %s: status not read: %s", self.name, text)
            self.write({"last_polled_at": now, "last_error": text})
            self._eco_commit()

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
    def _eco_prepare_evidence(self):
        """Make the claim's evidence ready to send, before each attempt (connectors
        attach theirs with :meth:`_eco_attach_evidence`). Raise ``EcoRejectedError``
        or ``ImageProblem`` for evidence a person must fix (the claim goes to
        review), anything else to try again later."""

    def _eco_evidence_kinds(self):
        self.ensure_one()
        domain = [("res_model", "=", self._name), ("res_id", "=", self.id)]
        attachments = self.env["ir.attachment"].sudo().search(domain)
        return set(attachments.mapped("description"))

    def _eco_attach_evidence(self, kind, make_files):
        """Attach the evidence of ``kind`` once: ``make_files()`` (called only when
        the claim has none of that kind yet) returns ``[(name, raw, mimetype)]``.
        The files are stored as they are given: no image processing by the
        attachment (the connector has cleaned them). True when it attached any."""
        self.ensure_one()
        if kind in self._eco_evidence_kinds():
            return False
        files = make_files()
        self.env["ir.attachment"].sudo().with_context(image_no_postprocess=True).create(
            [
                {
                    "name": name,
                    "raw": raw,
                    "mimetype": mimetype,
                    "description": kind,
                    "res_model": self._name,
                    "res_id": self.id,
                }
                for name, raw, mimetype in files
            ]
        )
        return bool(files)

    @api.model
    def _eco_clean_photo(self, raw, max_side):
        """A photo as it is sent and kept: a JPEG no larger than ``max_side``,
        without metadata, checked within the pixel bound of the settings
        (``eco_bonus_claim.image_max_pixels``) before anything is decoded.
        Raises ``ImageProblem`` with the reason."""
        return clean_jpeg(self.env, raw, max_side, self._eco_param("image_max_pixels", 50_000_000))

    def _eco_payload(self):
        self.ensure_one()
        return {
            "reference": self.name,
            "external_id": self.external_id or None,
            "date": fields.Date.to_string(self.date),
            "repair_amount": self.repair_amount,
            "bonus_amount": self.amount,
            "currency": self.currency_id.name,
        }

    def _eco_attachments(self, attachments=None):
        if attachments is None:
            attachments = self.env["ir.attachment"].search(
                [("res_model", "=", self._name), ("res_id", "=", self.id)], order="id"
            )
        return [(a.name, a.mimetype, _content(a), a.description or "document") for a in attachments]
