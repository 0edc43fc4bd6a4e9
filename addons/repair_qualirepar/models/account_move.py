import logging

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)


class AccountMove(models.Model):
    _inherit = "account.move"

    qualirepar_repair_ids = fields.Many2many("repair.order", string="QualiRépar repairs", compute="_compute_qualirepar")
    qualirepar_bonus = fields.Monetary("QualiRépar bonus", compute="_compute_qualirepar")
    qualirepar_organism_id = fields.Many2one("eco.organism", "Bonus paid by", compute="_compute_qualirepar")
    eco_bonus_claim_ids = fields.One2many("eco.bonus.claim", "invoice_id", string="Repair bonus claims")

    @api.depends("invoice_line_ids.sale_line_ids", "amount_total", "state")
    def _compute_qualirepar(self):
        for move in self:
            claims = move.sudo().eco_bonus_claim_ids.filtered(lambda c: c.state != "cancelled")
            if move.state == "posted" or claims:
                # what was booked when the invoice was posted
                move.qualirepar_repair_ids = claims.repair_order_id
                move.qualirepar_bonus = sum(claims.mapped("amount"))
                move.qualirepar_organism_id = claims.organism_id[:1]
                continue
            bonuses = move._qualirepar_bonuses()
            move.qualirepar_repair_ids = move.env["repair.order"].concat(*bonuses)
            move.qualirepar_bonus = sum(bonus for bonus, _organism in bonuses.values())
            move.qualirepar_organism_id = next(iter(bonuses.values()), (0, False))[1]

    def _qualirepar_bonuses(self):
        """``{repair: (bonus, organism)}``: each repaired device this invoice covers
        and the bonus it earns on the repair date its claim declares."""
        if self.move_type != "out_invoice":
            return {}
        bonuses = {}
        for repair in self.sudo().invoice_line_ids.sale_line_ids.order_id.repair_order_ids:
            if not self.sudo()._qualirepar_lines_of(repair):  # a down payment invoice, another device's
                continue
            result = repair._qualirepar_eligibility(repair._qualirepar_repair_date(self))
            if result["bonus"] and not result["reason"]:
                bonuses[repair] = (result["bonus"], result["organism"])
        return bonuses

    def _qualirepar_lines_of(self, repair):
        """The lines of this invoice for ``repair``'s device (see
        ``repair.order._qualirepar_sale_lines``)."""
        sale_lines = repair._qualirepar_sale_lines()
        return self.invoice_line_ids.filtered(lambda line: line.sale_line_ids & sale_lines)

    # -- posting: the eco-organism owes the bonus ------------------------------------
    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        for move in posted.filtered(lambda m: m.move_type == "out_invoice"):
            move._qualirepar_claim_bonus()
        # a credit note on a bonus invoice withdraws or corrects its claims
        for move in posted.filtered(lambda m: m.move_type == "out_refund" and m.reversed_entry_id):
            move.reversed_entry_id.sudo().eco_bonus_claim_ids._qualirepar_credited(move)
        return posted

    def _qualirepar_claim_bonus(self):
        """Deduct the bonus from what the customer owes (the invoice keeps its full
        price and VAT; the eco-organism pays part of it) and claim it."""
        self.ensure_one()
        if self.sudo().eco_bonus_claim_ids.filtered(lambda c: c.state != "cancelled"):
            return
        for repair, (bonus, organism) in self._qualirepar_bonuses().items():
            organism = organism.sudo()
            if self.currency_id.compare_amounts(self.amount_residual, bonus) < 0:
                self.message_post(
                    body=_("The QualiRépar bonus of %s is more than the amount due: not deducted.", bonus)
                )
                continue
            receivables = self.line_ids.filtered(
                lambda line: line.account_id.account_type == "asset_receivable" and not line.reconciled
            )
            receivable = organism._eco_book_receivable(
                receivables,
                bonus,
                organism._eco_misc_journal(),
                self.date,
                _("QualiRépar bonus %(invoice)s (%(repair)s)", invoice=self.name, repair=repair.name),
            )
            self.env["eco.bonus.claim"].sudo()._qualirepar_create(self, repair, bonus, organism, receivable)

    def button_draft(self):
        # an unsent claim is withdrawn with the invoice; a sent one holds it
        claims = self.sudo().eco_bonus_claim_ids.filtered(lambda c: c.state != "cancelled")
        sent = claims.filtered(lambda c: c.state not in ("pending", "to_review"))
        if sent:
            raise UserError(
                _(
                    "The QualiRépar claim %(claim)s of %(invoice)s was already sent to %(organism)s: "
                    "the invoice cannot be reset to draft.",
                    claim=sent[0].name,
                    invoice=sent[0].invoice_id.name,
                    organism=sent[0].organism_id.name,
                )
            )
        result = super().button_draft()
        for claim in claims:
            transfers = claim.receivable_line_ids.move_id.filtered(lambda m: m.state == "posted")
            transfers.line_ids.remove_move_reconcile()
            transfers._reverse_moves([{"ref": _("Withdrawn: %s", claim.name)}], cancel=True)
            claim.write({"receivable_line_ids": [Command.clear()]})
            claim.action_cancel()
        return result

    def action_view_eco_bonus_claims(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("eco_bonus_claim.eco_bonus_claim_action")
        action["domain"] = [("invoice_id", "=", self.id)]
        return action
