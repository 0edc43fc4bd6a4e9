from odoo import _, api, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command


class SaleOrder(models.Model):
    _inherit = "sale.order"

    @api.model
    def create_drop_off_from_pos(self, config_id, values):
        """Items left at the counter become a confirmed sale order with their repair
        types and photos, settled at the till at the pick-up (pos_sale), where the
        bonus is applied."""
        if not self.env.user.has_group("point_of_sale.group_pos_user"):
            raise AccessError(_("Only point of sale users record drop-offs."))
        config = self.env["pos.config"].browse(config_id).exists()
        if not config:
            raise UserError(_("This point of sale no longer exists."))
        config.check_access("read")
        partner = self.env["res.partner"].browse(values.get("partner_id")).exists()
        if not partner:
            raise UserError(_("Choose the customer first: the order waits in their name."))
        partner.check_access("read")
        lines = [line for line in values.get("lines") or [] if (line.get("qty") or 0) > 0]
        if not lines:
            raise UserError(_("Add the repairs of the items left first."))
        company = config.company_id
        SaleLine = self.env["sale.order.line"].with_company(company)
        order = (
            self.sudo()
            .with_company(company)
            .create(
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    # no salesperson: every cashier who sells sees it at the pick-up
                    "user_id": False,
                    "origin": _("Drop-off at %(pos)s", pos=config.name),
                    "commitment_date": values.get("commitment_date") or False,
                    "note": values.get("note") or False,
                    "order_line": [
                        Command.create({**SaleLine._eco_bonus_values_from_pos(line), "sequence": sequence})
                        for sequence, line in enumerate(lines, start=1)
                    ],
                }
            )
        )
        order._eco_bonus_attach_pos_photos(lines)
        order.action_confirm()
        return {"id": order.id, "name": order.name, "amount_total": order.amount_total}

    def _eco_bonus_attach_pos_photos(self, pos_lines):
        """The photos of the till's lines (``eco_bonus_photos``), given to the order's lines
        made from them, in the same order."""
        self.ensure_one()
        sale_lines = self.order_line.filtered(lambda line: not line.display_type and not line.is_downpayment)
        for sale_line, pos_line in zip(sale_lines.sorted(lambda l: (l.sequence, l.id)), pos_lines, strict=True):
            sale_line._eco_bonus_attach_photos(pos_line.get("eco_bonus_photos") or [])
