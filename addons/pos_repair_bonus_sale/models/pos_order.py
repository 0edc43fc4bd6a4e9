from odoo import _, models


class PosOrder(models.Model):
    _inherit = "pos.order"

    def _eco_bonus_is_discount(self, line):
        # the deposit a pick-up deducts was paid: it lowers what is due, not the repair's price
        if line.sale_order_line_id.is_downpayment or line.product_id == line.order_id.config_id.down_payment_product_id:
            return False
        return super()._eco_bonus_is_discount(line)

    def _eco_bonus_expected(self, organism, quantities=None):
        total, items, problems, notes = super()._eco_bonus_expected(organism, quantities)
        if quantities is None:
            problems += self._eco_bonus_settled_twice()
        return total, items, problems, notes

    def _eco_bonus_settled_twice(self):
        """A drop-off settled by two tills (both loaded it before either synced) would
        claim its repairs twice: the second order's claims wait for a person."""
        self.ensure_one()
        sale_lines = self.lines.filtered(lambda l: l.qty > 0 and l.eco_bonus_repair_type_ids).sale_order_line_id
        if not sale_lines:
            return []
        claims = (
            self.env["eco.bonus.claim"]
            .sudo()
            .search(
                [
                    ("pos_order_line_ids.sale_order_line_id", "in", sale_lines.ids),
                    ("pos_order_id", "!=", self.id),
                    ("state", "!=", "cancelled"),
                ]
            )
        )
        return [
            _(
                "%(order)s settles the drop-off %(sale)s already claimed by %(claim)s (order %(other)s).",
                order=self.name,
                sale=claim.pos_order_line_ids.sale_order_line_id.order_id[:1].name,
                claim=claim.name,
                other=claim.pos_order_id.name,
            )
            for claim in claims
        ]
