from odoo import _, fields, models
from odoo.exceptions import UserError


class ResPartner(models.Model):
    _inherit = "res.partner"

    payment_link_ids = fields.One2many("pos.payment.link", "partner_id", "Payment links")
    payment_link_count = fields.Integer(compute="_compute_payment_link_count")

    def _compute_payment_link_count(self):
        counts = dict(
            self.env["pos.payment.link"]._read_group([("partner_id", "in", self.ids)], ["partner_id"], ["__count"])
        )
        for partner in self:
            partner.payment_link_count = counts.get(partner, 0)

    def action_view_payment_links(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("pos_payment_link.pos_payment_link_action")
        action.update(domain=[("partner_id", "=", self.id)], context={"create": False})
        return action

    def action_payment_link_wallet(self):
        self.ensure_one()
        return self.env["pos.payment.link.wizard"]._action_open(
            {"default_purpose": "wallet", "default_partner_id": self.id}
        )

    def action_payment_link_settlement(self):
        self.ensure_one()
        if not self.env["pos.payment.link.wizard"]._open_items(self):
            raise UserError(_("%(customer)s has nothing left to pay.", customer=self.display_name))
        return self.env["pos.payment.link.wizard"]._action_open(
            {"default_purpose": "settlement", "default_partner_id": self.id}
        )
