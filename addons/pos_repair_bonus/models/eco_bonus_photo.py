import base64
import binascii

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.mimetypes import guess_mimetype

from odoo.addons.eco_bonus_claim.services.images import ImageProblem, check_image


class EcoBonusPhoto(models.Model):
    """A photo of a repaired item, taken at the counter before the repair. The
    POS sends it with the order; it is checked and cleaned (EXIF and GPS removed,
    resized) when the claim is prepared, never while the cashier waits, and the
    clean copy replaces the original."""

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
        work while the order syncs (not even the attachment's own resizing, which
        would decode a decompression bomb or a truncated file and refuse the paid
        order); the claim gets clean copies in the queue."""
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
                    # what the first bytes say, never what the till claims
                    "mimetype": guess_mimetype(raw[:1024]) if raw else "application/octet-stream",
                    "res_model": self._name,
                    "res_field": "image",
                    "res_id": photo.id,
                }
            )
        self.env["ir.attachment"].sudo().with_context(image_no_postprocess=True).create(attachments)
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
            check_image(self.env, raw, self.env["eco.bonus.claim"]._eco_param("image_max_pixels", 50_000_000))
        except ImageProblem as problem:
            return str(problem)
        return None

    @api.model_create_multi
    def create(self, vals_list):
        # checked before anything is written (the filestore included)
        default_line = self.env.context.get("default_line_id")
        lines = self.env["pos.order.line"].browse(
            [vals.get("line_id") or default_line for vals in vals_list if vals.get("line_id") or default_line]
        )
        self._check_claims_open(lines)
        for vals in vals_list:
            self._check_image_vals(vals)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.context.get("eco_bonus_clean_copy"):
            self._check_claims_open(self.line_id | self.env["pos.order.line"].browse(vals.get("line_id")))
        self._check_image_vals(vals)
        return super().write(vals)

    def unlink(self):
        self._check_claims_open(self.line_id)
        return super().unlink()

    @api.model
    def _check_claims_open(self, lines):
        """The photos of an item change while its claim is pending or in review (a
        manager adds or replaces one the claim could not send), never once the
        eco-organism holds it."""
        if not lines:
            return
        held = (
            self.env["eco.bonus.claim"]
            .sudo()
            .search(
                [
                    "|",
                    ("pos_order_line_ids", "in", lines.ids),
                    "&",
                    ("pos_order_line_ids", "=", False),
                    ("pos_order_id", "in", lines.order_id.ids),
                    ("state", "in", ("sent", "accepted", "paid")),
                ],
                limit=1,
            )
        )
        if held:
            raise UserError(_("%s is with the eco-organism: the photos of its item can no longer change.", held.name))

    def _check_image_vals(self, vals):
        if "image" in vals:
            line = self.env["pos.order.line"].browse(vals.get("line_id")) or self.line_id[:1]
            reason = self._check_image_data(vals["image"], line.company_id or self.env.company)
            if reason:
                raise ValidationError(reason)

    def _clean_jpeg(self, max_side):
        """The photo as a JPEG without metadata (EXIF, GPS), turned upright and no
        larger than ``max_side`` pixels; ``ImageProblem`` says why it cannot be."""
        self.ensure_one()
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .search([("res_model", "=", self._name), ("res_field", "=", "image"), ("res_id", "=", self.id)], limit=1)
        )
        return self.env["eco.bonus.claim"]._eco_clean_photo(attachment.raw or b"", max_side)

    def _keep_clean_copy(self, clean):
        """The shop keeps the photo as it was sent: without metadata."""
        self.ensure_one()
        # the same photo, cleaned: allowed whatever the other claims of its line
        self.sudo().with_context(image_no_postprocess=True, eco_bonus_clean_copy=True).image = base64.b64encode(clean)
