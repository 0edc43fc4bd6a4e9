import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


class PosOrder(models.Model):
    _inherit = "pos.order"

    eco_bonus_claim_ids = fields.One2many("eco.bonus.claim", "pos_order_id", string="Repair bonus claims")
    eco_bonus_claim_count = fields.Integer(compute="_compute_eco_bonus_claim_count")
    eco_bonus_to_claim = fields.Boolean(
        "Bonus to claim", index="btree_not_null", copy=False, help="Paid with a repair bonus not claimed yet."
    )

    @api.depends("eco_bonus_claim_ids")
    def _compute_eco_bonus_claim_count(self):
        for order in self:
            order.eco_bonus_claim_count = len(order.eco_bonus_claim_ids)

    def action_view_eco_bonus_claims(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("eco_bonus_claim.eco_bonus_claim_action")
        action["domain"] = [("pos_order_id", "=", self.id)]
        if self.eco_bonus_claim_count == 1:
            action.update(view_mode="form", res_id=self.eco_bonus_claim_ids.id, views=[(False, "form")])
        return action

    # -- order sync ---------------------------------------------------------------------
    @api.model
    def _process_order(self, order, existing_order):
        # Photos are stored apart from the order lines, without any image work: the
        # order the customer paid is saved whatever the photos are worth.
        # The claim itself is made by the queue, triggered right after.
        photos = {}
        for command in order.get("lines") or []:
            if command[0] in (0, 1) and isinstance(command[2], dict):
                photos[command[2].get("uuid")] = command[2].pop("eco_bonus_photo_ids", None) or []
        bonus_methods = self._eco_bonus_method_ids()
        if order.get("state") != "draft" and any(
            command[0] == 0 and command[2].get("payment_method_id") in bonus_methods
            for command in order.get("payment_ids") or []
        ):
            order["eco_bonus_to_claim"] = True
        order_id = super()._process_order(order, existing_order)
        pos_order = self.browse(order_id)
        pos_order._eco_bonus_store_photos(photos)
        if pos_order.lines.refunded_orderline_id:
            pos_order._eco_bonus_create_claim()
        elif pos_order.eco_bonus_to_claim:
            # sent within moments by the queue, not while the cashier waits
            # (the cron's id from the xmlid cache: no query to check it exists)
            cron_id = self.env["ir.model.data"]._xmlid_to_res_id("eco_bonus_claim.ir_cron_send_claims")
            self.env["ir.cron"].sudo().browse(cron_id)._trigger()
        return order_id

    @api.model
    def _eco_bonus_method_ids(self):
        return set(self.env["pos.payment.method"].sudo().search([("eco_organism_id", "!=", False)]).ids)

    @api.model
    def _eco_bonus_create_pending_claims(self, limit=500):
        """Run by the sending job: the claims of the orders paid with a bonus. Each
        order is taken under a row lock the other senders skip (two workers never
        claim one order twice), and the claims are committed before any is sent:
        a claim keeps the reference the eco-organism sees first."""
        Claim = self.env["eco.bonus.claim"]
        self.flush_model(["eco_bonus_to_claim"])
        self.env.cr.execute(
            SQL(
                "SELECT id FROM pos_order WHERE eco_bonus_to_claim ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED",
                limit,
            )
        )
        for order in self.sudo().browse([row[0] for row in self.env.cr.fetchall()]):
            # one order that cannot be claimed keeps its mark for the next run and
            # does not hold back the others
            try:
                with self.env.cr.savepoint():
                    order._eco_bonus_create_claim()
                    order.eco_bonus_to_claim = False
            except Exception:
                _logger.exception("POS order %s: the repair bonus claim could not be created", order.name)
        Claim._eco_commit()

    def _eco_bonus_payments(self):
        return self.payment_ids.filtered(lambda p: p.payment_method_id.eco_organism_id)

    def _eco_bonus_link_receivables(self):
        """The bonuses booked in the accounts: their claims know what they settle."""
        for order in self.sudo().filtered("eco_bonus_claim_ids"):
            lines = order._eco_bonus_payments().eco_bonus_move_line_id
            for claim in order.eco_bonus_claim_ids.filtered(lambda c: c.state != "cancelled"):
                if lines - claim.receivable_line_ids:
                    claim._eco_link_receivables(lines)

    def action_pos_order_invoice(self):
        late = self.filtered(
            lambda o: o.session_id.state == "closed" and not o.account_move and o._eco_bonus_payments()
        )
        if late:
            raise UserError(
                _(
                    "%s was paid in part with a repair bonus, booked as owed by the eco-organism when its session "
                    "was closed: it can no longer be invoiced from the point of sale. Invoice such orders before "
                    "closing the session.",
                    late[0].name,
                )
            )
        return super().action_pos_order_invoice()

    def _apply_invoice_payments(self, is_reverse=False):
        # An invoiced order's bonus is moved from the customer's invoice onto the
        # eco-organism: the invoice is paid, the eco-organism owes the bonus.
        payment_moves = super()._apply_invoice_payments(is_reverse=is_reverse)
        if is_reverse:
            return payment_moves
        for payment in self._eco_bonus_payments().filtered(lambda p: not p.eco_bonus_move_line_id):
            if self.currency_id.compare_amounts(payment.amount, 0) <= 0:
                continue
            receivables = self.account_move.line_ids.filtered(
                lambda line: line.account_id.account_type == "asset_receivable" and not line.reconciled
            )
            payment.sudo().eco_bonus_move_line_id = (
                payment.payment_method_id.eco_organism_id.sudo()._eco_book_receivable(
                    receivables,
                    payment.amount,
                    self.session_id.config_id.journal_id,
                    fields.Date.context_today(self, self.date_order),
                    _("%(order)s - Repair bonus (%(invoice)s)", order=self.name, invoice=self.account_move.name),
                )
            )
        self._eco_bonus_link_receivables()
        return payment_moves

    def _eco_bonus_store_photos(self, photos_by_line_uuid):
        values = []
        for line in self.lines:
            for command in photos_by_line_uuid.get(line.uuid, []):
                if command[0] == 0 and command[2].get("image"):
                    values.append(
                        {
                            "line_id": line.id,
                            "order_id": self.id,
                            "name": command[2].get("name") or "photo.jpg",
                            "image": command[2]["image"],
                        }
                    )
        if values:
            self.env["eco.bonus.photo"].sudo()._store_from_sync(values)

    def _eco_bonus_create_claim(self):
        """Claim the bonus the till deducted, checked against the grid. A claim whose
        amount the rules do not confirm waits *to review*: the order stays as paid."""
        self.ensure_one()
        if self.state not in ("paid", "done", "invoiced"):
            return
        refunded_orders = self.lines.refunded_orderline_id.order_id
        if refunded_orders:
            refunded_orders._eco_bonus_on_refund(self)
            return
        bonus_payments = self._eco_bonus_payments()
        if not bonus_payments or self.eco_bonus_claim_ids:
            return
        organism = bonus_payments.payment_method_id.eco_organism_id[:1]
        deducted = sum(bonus_payments.mapped("amount"))
        expected, claim_lines, problems, notes = self._eco_bonus_expected(organism)
        if self.currency_id.compare_amounts(deducted, expected) != 0:
            problems.append(
                _(
                    "The till deducted %(deducted)s, the grid gives %(expected)s.",
                    deducted=self.currency_id.format(deducted),
                    expected=self.currency_id.format(expected),
                )
            )
            problems += notes
        claim = (
            self.env["eco.bonus.claim"]
            .sudo()
            .with_context(mail_create_nolog=True, mail_create_nosubscribe=True)
            .create(
                {
                    "organism_id": organism.id,
                    "pos_order_id": self.id,
                    "partner_id": self.partner_id.id,
                    "date": fields.Date.context_today(self, self.date_order),
                    "repair_amount": sum(
                        self.lines.filtered("eco_bonus_repair_type_ids").mapped("price_subtotal_incl")
                    ),
                    "amount": deducted,
                    "line_ids": claim_lines,
                    "state": "to_review" if problems else "pending",
                    "review_reason": "\n".join(problems) or False,
                    "receivable_line_ids": [fields.Command.set(bonus_payments.eco_bonus_move_line_id.ids)],
                }
            )
        )
        if problems:
            _logger.info("POS order %s: bonus claim %s to review", self.name, claim.name)
            claim._warn_managers("\n".join(problems))

    def _eco_bonus_expected(self, organism):
        """What the grid gives for this order: ``(amount, claim line commands,
        problems, notes)``. Problems always need a person; notes explain why an
        item earns no bonus (which is fine when the till deducted nothing for it)."""
        total, claim_lines, problems, notes = 0.0, [], [], []
        if organism not in self.config_id.refashion_organism_ids:
            problems.append(_("%s is not associated with this point of sale.", organism.name))
        on_date = fields.Date.context_today(self, self.date_order)
        min_photos = self.company_id.eco_bonus_min_photos
        for line in self.lines.filtered(lambda l: l.eco_bonus_repair_type_ids and l.qty > 0):
            product = line.product_id.product_tmpl_id
            label = line.full_product_name or line.product_id.display_name
            if not product.refashion_eligible:
                problems.append(_("%s is not eligible to the Refashion bonus.", label))
                continue
            not_allowed = line.eco_bonus_repair_type_ids - product.eco_bonus_repair_type_ids
            if not_allowed:
                problems.append(_("%(product)s: %(type)s is not allowed.", product=label, type=not_allowed[0].name))
                continue
            if len(line.eco_bonus_photo_ids) < min_photos:
                problems.append(
                    _(
                        "%(product)s: %(count)s photo(s), %(min)s needed.",
                        product=label,
                        count=len(line.eco_bonus_photo_ids),
                        min=min_photos,
                    )
                )
            result = product.eco_bonus_family_id.compute_bonus(
                line.price_subtotal_incl / line.qty, line.eco_bonus_repair_type_ids, on_date
            )
            if result["reason"]:
                notes.append(f"{label}: {result['reason']}")
                continue
            total += result["amount"] * line.qty
            claim_lines += [
                fields.Command.create(
                    {"repair_type_id": repair_type.id, "description": label, "amount": amount * line.qty}
                )
                for repair_type, amount in result["lines"]
            ]
        return self.currency_id.round(total), claim_lines, problems, notes

    def _eco_bonus_on_refund(self, refund):
        """A refunded bonus order: its claim is withdrawn (cancelled while unsent)."""
        self.eco_bonus_claim_ids.sudo()._eco_withdraw(_("the order was refunded (%s)", refund.name))
