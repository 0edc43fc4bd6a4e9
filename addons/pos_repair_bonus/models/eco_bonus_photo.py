import base64
import binascii
import io

from PIL import Image, ImageOps, UnidentifiedImageError

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class EcoBonusPhoto(models.Model):
    """A photo of a repaired item, taken at the counter before the repair. The
    POS sends it with the order; it is checked and cleaned (EXIF and GPS removed,
    resized) when the claim is prepared, never while the cashier waits."""

    _name = "eco.bonus.photo"
    _description = "Repair bonus photo"
    _inherit = ["pos.load.mixin"]
    _order = "line_id, id"

    name = fields.Char(required=True, default="photo.jpg")
    line_id = fields.Many2one("pos.order.line", required=True, ondelete="cascade", index=True)
    order_id = fields.Many2one(related="line_id.order_id", store=True, index=True)
    image = fields.Binary(attachment=True)

    @api.model
    def _load_pos_data_domain(self, data):
        return [("line_id", "in", [line["id"] for line in data["pos.order.line"]["data"]])]

    @api.model
    def _load_pos_data_fields(self, config_id):
        return ["id", "name", "line_id", "image"]

    @api.model
    def _store_from_sync(self, values):
        """Photos as the till sent them (``line_id``, ``name``, base64 ``image``),
        stored as they are: the bytes go straight to the filestore, with no image
        work while the order syncs; the claim gets clean copies in the queue."""
        # the order is given along with its line: no second statement to store it
        photos = self.create([{"line_id": v["line_id"], "order_id": v["order_id"], "name": v["name"]} for v in values])
        attachments = []
        for photo, vals in zip(photos, values, strict=True):
            try:
                raw = base64.b64decode(vals["image"])
            except (binascii.Error, ValueError, TypeError):
                raw = b""  # kept empty: the claim goes to review when it is prepared
            attachments.append(
                {
                    "name": photo.name,
                    "raw": raw,
                    "mimetype": "image/jpeg",
                    "res_model": self._name,
                    "res_field": "image",
                    "res_id": photo.id,
                }
            )
        self.env["ir.attachment"].sudo().create(attachments)
        photos.invalidate_recordset(["image"])
        return photos

    @api.model
    def _max_bytes(self, company):
        return company.eco_bonus_photo_max_mb * 1024 * 1024

    @api.model
    def _check_image_data(self, data, company):
        """The reason ``data`` (base64) is not an acceptable photo, or None."""
        try:
            raw = base64.b64decode(data or b"", validate=True)
        except (binascii.Error, ValueError, TypeError):
            return _("The photo is not a valid file.")
        if not raw:
            return _("The photo is empty.")
        if len(raw) > self._max_bytes(company):
            return _(
                "The photo weighs %(size).1f MB, more than the %(max)s MB allowed.",
                size=len(raw) / 1024 / 1024,
                max=company.eco_bonus_photo_max_mb,
            )
        try:
            with Image.open(io.BytesIO(raw)) as image:
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError):
            return _("The file is not an image (JPEG, PNG or WebP photo expected).")
        return None

    @api.model_create_multi
    def create(self, vals_list):
        # checked before anything is written (the filestore included)
        for vals in vals_list:
            self._check_image_vals(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_image_vals(vals)
        return super().write(vals)

    def _check_image_vals(self, vals):
        if "image" in vals:
            line = self.env["pos.order.line"].browse(vals.get("line_id")) or self.line_id[:1]
            reason = self._check_image_data(vals["image"], line.company_id or self.env.company)
            if reason:
                raise ValidationError(reason)

    def _clean_jpeg(self, max_side):
        """The photo as a JPEG without metadata (EXIF, GPS), turned upright and no
        larger than ``max_side`` pixels."""
        self.ensure_one()
        with Image.open(io.BytesIO(base64.b64decode(self.image))) as image:
            image = ImageOps.exif_transpose(image).convert("RGB")
            image.thumbnail((max_side, max_side))
            clean = Image.new("RGB", image.size)
            clean.paste(image)
            out = io.BytesIO()
            clean.save(out, "JPEG", quality=85, optimize=True)
        return out.getvalue()
