from odoo import _, api, fields, models


class SaleRma(models.Model):
    _inherit = "sale.rma"

    state = fields.Selection(
        selection_add=[("repair", "In repair"), ("done",)],
        # the goods of a return being repaired when this addon goes stay where they are
        ondelete={"repair": "set done"},
    )
    repair_ids = fields.One2many("repair.order", "rma_id", string="Repairs", groups="stock.group_stock_user")
    repair_count = fields.Integer(compute="_compute_repair_count", groups="stock.group_stock_user")

    @api.depends("repair_ids")
    def _compute_repair_count(self):
        for rma in self:
            rma.repair_count = len(rma.repair_ids)

    def _rma_next_state(self):
        """A return waits for its repairs (the goods go back to the customer once
        repaired) before its credit notes and the end."""
        self.ensure_one()
        if self.sudo().repair_ids.filtered(lambda r: r.state != "done"):
            return "repair"
        return super()._rma_next_state()

    def _on_repairs_done(self, repairs, pickings):
        """Repairs of the return are done and their goods leave by ``pickings``: the
        chatter says so, and the return moves on once every repair is done."""
        self.ensure_one()
        self.message_post(
            body=_(
                "Repaired (%(repairs)s): the goods go back to the customer by %(pickings)s.",
                repairs=", ".join(repairs.mapped(lambda r: r._get_html_link())),
                pickings=", ".join(pickings.mapped(lambda p: p._get_html_link())),
            )
        )
        if self.state == "repair":
            next_state = self._rma_next_state()
            if next_state != "repair":
                self._set_state(next_state)

    def action_view_repairs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("repair.action_repair_order_tree")
        action["domain"] = [("id", "in", self.repair_ids.ids)]
        action["context"] = {"create": False}
        if len(self.repair_ids) == 1:
            action.update(views=[(False, "form")], res_id=self.repair_ids.id)
        return action
