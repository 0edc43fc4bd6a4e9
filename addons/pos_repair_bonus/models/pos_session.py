from odoo import _, models


class PosSession(models.Model):
    _inherit = "pos.session"

    def _load_pos_data_models(self, config_id):
        # the photos' model is always known to the till: the browser keeps draft
        # orders' photos in its local database
        models_to_load = super()._load_pos_data_models(config_id) + ["eco.bonus.photo"]
        if self.config_id.refashion_organism_id:
            models_to_load += ["eco.bonus.family", "eco.bonus.repair.type", "eco.bonus.repair.amount"]
        return models_to_load

    # -- accounting: the bonus is a receivable on the eco-organism -------------------
    def _get_split_receivable_vals(self, payment, amount, amount_converted):
        organism = payment.payment_method_id.eco_organism_id.sudo()
        if not organism:
            return super()._get_split_receivable_vals(payment, amount, amount_converted)
        values = {
            "account_id": organism._eco_receivable_account().id,
            "move_id": self.move_id.id,
            "partner_id": organism.partner_id.commercial_partner_id.id,
            "name": _("%(order)s - Repair bonus", order=payment.pos_order_id.name),
        }
        return self._debit_amounts(values, amount, amount_converted)

    def _create_pay_later_receivable_lines(self, data):
        # one line per bonus, remembered on its payment so that the claim finds it
        split = data["split_receivables_pay_later"]
        bonuses = {payment: amounts for payment, amounts in split.items() if payment.payment_method_id.eco_organism_id}
        for payment in bonuses:
            del split[payment]
        data = super()._create_pay_later_receivable_lines(data)
        split.update(bonuses)
        if bonuses:
            lines = data["MoveLine"].create(
                [
                    self._get_split_receivable_vals(payment, amounts["amount"], amounts["amount_converted"])
                    for payment, amounts in bonuses.items()
                ]
            )
            for payment, line in zip(bonuses, lines, strict=True):
                payment.eco_bonus_move_line_id = line
        return data

    def _validate_session(self, *args, **kwargs):
        result = super()._validate_session(*args, **kwargs)
        for session in self.filtered(lambda s: s.state == "closed"):
            session.order_ids._eco_bonus_link_receivables()
            session.order_ids._eco_bonus_reconcile_refunds()
        return result
