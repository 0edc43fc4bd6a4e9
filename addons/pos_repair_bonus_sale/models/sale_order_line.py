from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Command


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    eco_bonus_repair_type_ids = fields.Many2many("eco.bonus.repair.type", string="Repair types")
    eco_bonus_item = fields.Integer(
        "Repaired item",
        help="Lines of the order with the same number are one repaired item (a resoling and heel tips on one "
        "pair). Without a number each unit of the line is an item.",
    )
    eco_bonus_declined = fields.Boolean("No repair bonus")
    # the line's attachments, as account.move's attachment_ids
    eco_bonus_photo_ids = fields.One2many(
        "ir.attachment",
        "res_id",
        domain=[("res_model", "=", "sale.order.line")],
        string="Repair photos",
        help="Taken at the drop-off; the paying order at the pick-up carries them to the bonus claim.",
    )
    eco_bonus_photo_count = fields.Integer("Photos", compute="_compute_eco_bonus_photo_count")

    @api.depends("eco_bonus_photo_ids")
    def _compute_eco_bonus_photo_count(self):
        for line in self:
            line.eco_bonus_photo_count = len(line.eco_bonus_photo_ids)

    @api.model
    def _load_pos_data_fields(self, config_id):
        return super()._load_pos_data_fields(config_id) + [
            "eco_bonus_repair_type_ids",
            "eco_bonus_item",
            "eco_bonus_declined",
            "eco_bonus_photo_count",
        ]

    def _eco_bonus_attach_photos(self, photos):
        """The photos the till took (``name``, base64 ``image``), checked, kept on the line."""
        self.ensure_one()
        if not photos:
            return
        Photo = self.env["eco.bonus.photo"]
        for photo in photos:
            reason = Photo._check_image_data(photo.get("image"), self.company_id)
            if reason:
                raise ValidationError(_("%(product)s: %(reason)s", product=self.product_id.display_name, reason=reason))
        self.env["ir.attachment"].sudo().create(
            [
                {
                    "name": photo.get("name") or "photo.jpg",
                    "datas": photo["image"],
                    "res_model": self._name,
                    "res_id": self.id,
                }
                for photo in photos
            ]
        )
        self.invalidate_recordset(["eco_bonus_photo_ids"])

    @api.model
    def _eco_bonus_values_from_pos(self, line):
        """The sale order line of a line rung up at the till, with its repair types and
        item: what the till sends, checked against the product's grid. Its photos are
        given to the created line (``_eco_bonus_attach_photos``)."""
        product = self.env["product.product"].browse(line.get("product_id")).exists()
        if not product:
            raise ValidationError(_("A product of the order no longer exists."))
        if (line.get("price_unit") or 0.0) < 0 or not 0 <= (line.get("discount") or 0.0) <= 100:
            raise ValidationError(
                _("A drop-off holds the items left at their price: no negative price or discount line.")
            )
        types = self.env["eco.bonus.repair.type"].browse(line.get("eco_bonus_repair_type_ids") or []).exists()
        if types - product.eco_bonus_repair_type_ids:
            raise ValidationError(
                _(
                    "%(types)s cannot be claimed on %(product)s.",
                    types=", ".join((types - product.eco_bonus_repair_type_ids).mapped("name")),
                    product=product.display_name,
                )
            )
        return {
            "product_id": product.id,
            "product_uom_qty": line.get("qty") or 0.0,
            "price_unit": line.get("price_unit") or 0.0,
            "discount": line.get("discount") or 0.0,
            "eco_bonus_repair_type_ids": [Command.set(types.ids)],
            "eco_bonus_item": line.get("eco_bonus_item") or 0,
            "eco_bonus_declined": bool(line.get("eco_bonus_declined")),
        }

    @api.model
    def get_eco_bonus_photos_for_pos(self, line_ids):
        """The drop-off photos of the sale order lines a till settles, by line: the
        till gives them to the paying order's lines."""
        lines = self.browse(line_ids).exists()
        lines.check_access("read")
        return {
            line.id: [
                {"name": photo.name, "image": photo.datas.decode()}
                for photo in line.sudo().eco_bonus_photo_ids.sorted("id")
                # a photo whose file is lost is left out: the claim asks for a review
                if photo.datas
            ]
            for line in lines
        }
