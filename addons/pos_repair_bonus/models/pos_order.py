import logging
import math

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
        order_id = super()._process_order(order, existing_order)
        pos_order = self.browse(order_id)
        pos_order._eco_bonus_store_photos(photos)
        # decided from the saved order (lines and payments may come as updates of
        # an order synced before as a draft)
        if pos_order.state not in ("paid", "done", "invoiced"):
            return order_id
        if pos_order.lines.refunded_orderline_id:
            pos_order._eco_bonus_create_claim()
        elif pos_order._eco_bonus_payments() and not pos_order.eco_bonus_claim_ids:
            pos_order.eco_bonus_to_claim = True
            # sent within moments by the queue, not while the cashier waits
            # (the cron's id from the xmlid cache: no query to check it exists)
            cron_id = self.env["ir.model.data"]._xmlid_to_res_id("eco_bonus_claim.ir_cron_send_claims")
            self.env["ir.cron"].sudo().browse(cron_id)._trigger()
        return order_id

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
        """Claim the bonus the till deducted, one claim per repaired item, checked
        against the grid. Claims whose amounts the rules do not confirm wait *to
        review*: the order stays as paid. The claims add up to what the till
        deducted, which is what the eco-organism owes in the accounts."""
        self.ensure_one()
        if self.state not in ("paid", "done", "invoiced"):
            return
        refunded_orders = self.lines.refunded_orderline_id.order_id
        given_back = 0.0
        if refunded_orders:
            refunded_orders._eco_bonus_on_refund(self)
            # an order that also sells repairs claims them: its bonus payments are
            # the sale's bonus less what the refund gave back
            if not self.lines.filtered(lambda l: l.qty > 0 and l.eco_bonus_repair_type_ids):
                return
            given_back = self._eco_bonus_refund_amount()
        bonus_payments = self._eco_bonus_payments()
        if not bonus_payments or self.eco_bonus_claim_ids:
            return
        organism = bonus_payments.payment_method_id.eco_organism_id[:1]
        deducted = self.currency_id.round(sum(bonus_payments.mapped("amount")) - given_back)
        expected, items, problems, notes = self._eco_bonus_expected(organism)
        if self.currency_id.compare_amounts(deducted, expected) != 0:
            problems.append(
                _(
                    "The till deducted %(deducted)s, the grid gives %(expected)s.",
                    deducted=self.currency_id.format(deducted),
                    expected=self.currency_id.format(expected),
                )
            )
            problems += notes
        claimed = [item for item in items if not self.currency_id.is_zero(item["amount"])]
        if not claimed:
            repair_lines = self.lines.filtered(lambda l: l.eco_bonus_repair_type_ids and l.qty > 0)
            claimed = [
                {
                    "key": False,
                    "lines": repair_lines,
                    "price": sum(repair_lines.mapped("price_subtotal_incl")),
                    "amount": 0.0,
                    "claim_lines": [],
                }
            ]
        amounts = self._eco_bonus_spread(deducted, [item["amount"] for item in claimed])
        claims = (
            self.env["eco.bonus.claim"]
            .sudo()
            .with_context(mail_create_nolog=True, mail_create_nosubscribe=True)
            .create(
                [
                    self._eco_bonus_claim_values(organism, item, amount, problems, bonus_payments)
                    for item, amount in zip(claimed, amounts, strict=True)
                ]
            )
        )
        if problems:
            _logger.info("POS order %s: bonus claims %s to review", self.name, ", ".join(claims.mapped("name")))
            for claim in claims:
                claim._warn_managers("\n".join(problems))

    def _eco_bonus_claim_values(self, organism, item, amount, problems, bonus_payments):
        return {
            "organism_id": organism.id,
            "pos_order_id": self.id,
            "pos_order_line_ids": [fields.Command.set(item["lines"].ids)],
            "eco_bonus_item_key": item["key"],
            "partner_id": self.partner_id.id,
            "date": fields.Date.context_today(self, self.date_order),
            "repair_amount": self.currency_id.round(item["price"]),
            "amount": amount,
            "line_ids": [fields.Command.create(values) for values in item["claim_lines"]],
            "state": "to_review" if problems else "pending",
            "review_reason": "\n".join(problems) or False,
            "receivable_line_ids": [fields.Command.set(bonus_payments.eco_bonus_move_line_id.ids)],
        }

    def _eco_bonus_spread(self, total, amounts):
        """``amounts`` changed, from the last, so that they add up to ``total``
        (what the till deducted when it differs from the grid), none below zero."""
        currency = self.currency_id
        amounts = list(amounts)
        difference = currency.round(total - sum(amounts))
        for index in reversed(range(len(amounts))):
            if currency.is_zero(difference):
                break
            new = currency.round(max(amounts[index] + difference, 0.0))
            difference = currency.round(difference - (new - amounts[index]))
            amounts[index] = new
        return amounts

    # -- the rule per repaired item ------------------------------------------------------
    # The till applies the same rule from the same records (``orderRepairItems`` in
    # static/src/app/repair_bonus.js); static/tests/bonus_cases.json runs one table
    # of cases through both.
    def _eco_bonus_line_prices(self, quantities):
        """Each line's price including tax after every discount, for the quantity
        kept: a line of negative price that refunds nothing (pos_discount's line, a
        reward, a negative line of any product, repairs included) is a discount,
        spread over the lines of positive price in proportion to their prices, among
        those with the same taxes if any. ``(prices, positive lines)``."""
        own = {}
        for line in self.lines:
            quantity = quantities.get(line.id, 0)
            if not quantity:
                continue
            own[line.id] = (
                line.price_subtotal_incl if quantity == line.qty else line.price_subtotal_incl * quantity / line.qty
            )
        prices = dict(own)
        positives = self.lines.filtered(lambda l: l.id in own and quantities[l.id] > 0 and own[l.id] > 0)
        discounts = self.lines.filtered(lambda l: l.id in own and own[l.id] < 0 and self._eco_bonus_is_discount(l))
        for discount in discounts:
            taxes = set(discount.tax_ids.ids)
            base = positives.filtered(lambda l, taxes=taxes: set(l.tax_ids.ids) == taxes) or positives
            total = 0.0
            for line in base:
                total += own[line.id]
            for line in base:
                prices[line.id] += own[discount.id] * own[line.id] / total
        return prices, positives

    def _eco_bonus_is_discount(self, line):
        """Whether ``line``, of negative price, lowers the price of the order's repairs
        as a discount does: not when it refunds a line (nor, in the bridges, when it
        deducts a deposit already paid). Twin of the till's isRepairBonusDiscount."""
        return not line.refunded_orderline_id

    @staticmethod
    def _eco_bonus_units(quantity):
        # rounded half up, as the till's Math.round
        return max(math.floor(quantity + 0.5), 1)

    def _eco_bonus_items(self, quantities=None):
        """The repaired items of the order: ``[{"key", "lines", "price", "types"}]``.
        Lines of one item number make one item (its price is theirs added up, its
        types all of theirs); a line without a number is as many items as its
        quantity. ``quantities`` ({line id: quantity}) computes them for what a
        refund left."""
        self.ensure_one()
        if quantities is None:
            quantities = {line.id: line.qty for line in self.lines}
        prices, positives = self._eco_bonus_line_prices(quantities)
        items, groups = [], {}
        for line in positives.filtered(lambda l: l.eco_bonus_repair_type_ids and not l.eco_bonus_declined):
            if line.eco_bonus_item:
                groups.setdefault(line.eco_bonus_item, []).append(line)
                continue
            units = self._eco_bonus_units(quantities[line.id])
            items += [
                {
                    "key": f"L{line.id}",
                    "lines": line,
                    "price": prices[line.id] / units,
                    "types": line.eco_bonus_repair_type_ids,
                }
                for _unit in range(units)
            ]
        for number, group in groups.items():
            types = self.env["eco.bonus.repair.type"]
            price = 0.0
            for line in group:
                price += prices[line.id]
                for _unit in range(self._eco_bonus_units(quantities[line.id])):
                    types += line.eco_bonus_repair_type_ids
            items.append(
                {
                    "key": f"I{number}",
                    "lines": self.env["pos.order.line"].concat(*group),
                    "price": price,
                    "types": types,
                }
            )
        return items

    def _eco_bonus_expected(self, organism, quantities=None):
        """What the grid gives for this order: ``(amount, items, problems, notes)``,
        each item with its ``amount`` and ``claim_lines``. Problems always need a
        person; notes explain why an item earns no bonus (which is fine when the
        till deducted nothing for it)."""
        total, problems, notes = 0.0, [], []
        if organism not in self.config_id.refashion_organism_ids:
            problems.append(_("%s is not associated with this point of sale.", organism.name))
        on_date = fields.Date.context_today(self, self.date_order)
        min_photos = self.company_id.eco_bonus_min_photos
        items = self._eco_bonus_items(quantities)
        for item in items:
            item.update(amount=0.0, claim_lines=[])
            lines = item["lines"]
            products = lines.product_id.product_tmpl_id
            label = ", ".join(lines.mapped(lambda l: l.full_product_name or l.product_id.display_name))
            not_eligible = products.filtered(lambda p: not p.refashion_eligible)
            if not_eligible:
                problems.append(_("%s is not eligible to the Refashion bonus.", not_eligible[0].display_name))
                continue
            families = products.eco_bonus_family_id
            if len(families) > 1:
                problems.append(_("%s: the lines of one item belong to different bonus families.", label))
                continue
            not_allowed = [
                (line, line.eco_bonus_repair_type_ids - line.product_id.product_tmpl_id.eco_bonus_repair_type_ids)
                for line in lines
            ]
            not_allowed = [(line, types) for line, types in not_allowed if types]
            if not_allowed:
                line, types = not_allowed[0]
                problems.append(
                    _(
                        "%(product)s: %(type)s is not allowed.",
                        product=line.full_product_name or line.product_id.display_name,
                        type=types[0].name,
                    )
                )
                continue
            photos = len(lines.eco_bonus_photo_ids)
            if photos < min_photos:
                problems.append(
                    _("%(product)s: %(count)s photo(s), %(min)s needed.", product=label, count=photos, min=min_photos)
                )
            result = families.compute_bonus(item["price"], item["types"], on_date)
            if result["reason"]:
                notes.append(f"{label}: {result['reason']}")
                continue
            item["amount"] = result["amount"]
            item["claim_lines"] = [
                {"repair_type_id": repair_type.id, "description": label, "amount": amount}
                for repair_type, amount in result["lines"]
            ]
            total += result["amount"]
        return self.currency_id.round(total), items, problems, notes

    # -- refunds -----------------------------------------------------------------------
    def _eco_bonus_kept_quantities(self, without=None):
        """{line id: quantity the customer keeps}: sold minus refunded by paid
        refunds (but ``without``)."""
        self.ensure_one()
        kept = {}
        for line in self.lines:
            refunds = line.refund_orderline_ids.filtered(
                lambda r: r.order_id.state in ("paid", "done", "invoiced") and r.order_id != without
            )
            kept[line.id] = line.qty + sum(refunds.mapped("qty"))
        return kept

    def _eco_bonus_refund_amount(self):
        """The bonus this refund gives back to the eco-organism (negative): what the
        refunded items earned less what the rest still earns. The customer gets
        back only what they paid."""
        self.ensure_one()
        total = 0.0
        for order in self.lines.refunded_orderline_id.order_id:
            payments = order._eco_bonus_payments()
            if not payments:
                continue
            organism = payments.payment_method_id.eco_organism_id[:1]
            before = order._eco_bonus_kept_quantities(without=self)
            after = dict(before)
            for line in self.lines.filtered(lambda l, order=order: l.refunded_orderline_id.order_id == order):
                after[line.refunded_orderline_id.id] += line.qty
            total += order._eco_bonus_expected(organism, after)[0] - order._eco_bonus_expected(organism, before)[0]
        return self.currency_id.round(total)

    def _eco_bonus_add_refund_payment(self):
        """The bonus a refund gives back, as a payment of the refunded order's bonus
        method (the till adds it the same way)."""
        self.ensure_one()
        amount = self._eco_bonus_refund_amount()
        if self.currency_id.compare_amounts(amount, 0) >= 0:
            return
        method = self.lines.refunded_orderline_id.order_id._eco_bonus_payments().payment_method_id[:1]
        self.add_payment(
            {
                "pos_order_id": self.id,
                "amount": amount,
                "payment_method_id": method.id,
                "name": _("Repair bonus"),
                "payment_date": fields.Datetime.now(),
            }
        )

    def _eco_bonus_on_refund(self, refund):
        """``refund`` gave back (part of) these orders: the claims of the items it
        took back are cancelled while unsent, withdrawn once received; an unsent
        claim of an item whose bonus the refund lowered is corrected, a received one
        is left to the manager (told the new amount). Only the items the refund
        touches change. A refund synced before the queue claimed the order claims
        it first, under the row lock the queue takes. Without a bonus payment on the
        refund (the customer got the bonus back too), what the eco-organism no
        longer owes is reversed onto the customer."""
        self.env.cr.execute(SQL("SELECT id FROM pos_order WHERE id IN %s FOR UPDATE", tuple(self.ids)))
        self.invalidate_recordset(["eco_bonus_to_claim"])
        reverse = not refund._eco_bonus_payments()
        reason = _("the order was refunded (%s)", refund.name)
        refunded_lines = refund.lines.refunded_orderline_id
        for order in self.sudo():
            if order.eco_bonus_to_claim:
                order._eco_bonus_create_claim()
                order.eco_bonus_to_claim = False
            claims = order.eco_bonus_claim_ids.filtered(
                lambda c: c.state not in ("cancelled", "refused") and not c.withdrawn
            )
            touched = claims.filtered(lambda c: not c.pos_order_line_ids or c.pos_order_line_ids & refunded_lines)
            if not touched:
                continue
            organism = touched.organism_id[:1]
            _total, items, _problems, _notes = order._eco_bonus_expected(organism, order._eco_bonus_kept_quantities())
            kept = {}
            for item in items:
                kept.setdefault(item["key"], []).append(item)
            for key in dict.fromkeys(touched.mapped("eco_bonus_item_key")):
                # identical items of one line: the unsent claims go first
                key_claims = touched.filtered(lambda c, key=key: c.eco_bonus_item_key == key).sorted(
                    lambda c: (c._eco_unsent(), c.id)
                )
                still = [item for item in kept.get(key, []) if not order.currency_id.is_zero(item["amount"])]
                for index, claim in enumerate(key_claims):
                    item = still[index] if index < len(still) else None
                    if item is None:
                        unsent = claim._eco_unsent()
                        claim._eco_withdraw(reason, reverse=reverse)
                        if unsent and reverse:
                            claim._eco_reverse_receivable()
                    elif order.currency_id.compare_amounts(item["amount"], claim.amount) != 0:
                        order._eco_bonus_correct_claim(claim, item, reason)
        # (an order that also sells repairs is checked with its own claims)
        sells = refund.lines.filtered(lambda l: l.qty > 0 and l.eco_bonus_repair_type_ids)
        given = refund.currency_id.round(sum(refund._eco_bonus_payments().mapped("amount")))
        expected = refund._eco_bonus_refund_amount()
        if not sells and refund.currency_id.compare_amounts(given, expected) != 0:
            for claim in self.sudo().eco_bonus_claim_ids[:1]:
                claim._warn_managers(
                    _(
                        "The refund %(refund)s gave back %(given)s of bonus, the grid gives %(expected)s.",
                        refund=refund.name,
                        given=refund.currency_id.format(-given),
                        expected=refund.currency_id.format(-expected),
                    )
                )

    def _eco_bonus_correct_claim(self, claim, item, reason):
        if claim._eco_unsent():
            claim.write(
                {
                    "amount": item["amount"],
                    "repair_amount": self.currency_id.round(item["price"]),
                    "line_ids": [fields.Command.clear()]
                    + [fields.Command.create(values) for values in item["claim_lines"]],
                }
            )
            claim.message_post(body=_("Corrected: %s.", reason))
            return
        claim._warn_managers(
            _(
                "After %(reason)s, this item earns %(amount)s: correct the claim on the eco-organism's site.",
                reason=reason,
                amount=self.currency_id.format(item["amount"]),
            )
        )

    def _eco_bonus_reconcile_refunds(self):
        """The bonus a refund gave back is matched with what the refunded order
        booked on the eco-organism: what it no longer owes is at zero."""
        orders = self | self.lines.refund_orderline_ids.order_id | self.lines.refunded_orderline_id.order_id
        for refund in orders.filtered(lambda o: o.lines.refunded_orderline_id):
            lines = refund._eco_bonus_payments().eco_bonus_move_line_id
            lines |= refund.lines.refunded_orderline_id.order_id._eco_bonus_payments().eco_bonus_move_line_id
            lines = lines.filtered(lambda l: l.parent_state == "posted" and not l.reconciled)
            if len(lines.account_id) == 1 and lines.filtered(lambda l: l.credit) and lines.filtered(lambda l: l.debit):
                lines.reconcile()
