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
        claim its repairs twice: the second order's claims wait for a person. A line
        collected over two visits is no double: only what goes beyond the quantity
        left counts."""
        self.ensure_one()
        mine = self.lines.filtered(lambda l: l.qty > 0 and l.eco_bonus_repair_type_ids and l.sale_order_line_id)
        problems = []
        for sale_line in mine.sale_order_line_id:
            claims = (
                self.env["eco.bonus.claim"]
                .sudo()
                .search(
                    [
                        ("pos_order_line_ids.sale_order_line_id", "=", sale_line.id),
                        ("pos_order_id", "!=", self.id),
                        ("state", "not in", ("cancelled", "refused")),
                    ]
                )
            )
            claimed = sum(
                claims.pos_order_line_ids.filtered(lambda l, sl=sale_line: l.sale_order_line_id == sl).mapped("qty")
            )
            here = sum(mine.filtered(lambda l, sl=sale_line: l.sale_order_line_id == sl).mapped("qty"))
            if claims and claimed + here > sale_line.product_uom_qty:
                problems += [
                    _(
                        "%(order)s settles the drop-off %(sale)s already claimed by %(claim)s (order %(other)s).",
                        order=self.name,
                        sale=sale_line.order_id.name,
                        claim=claim.name,
                        other=claim.pos_order_id.name,
                    )
                    for claim in claims
                ]
        return problems
