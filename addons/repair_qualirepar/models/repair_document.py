from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .qualirepar_catalog import FICHES


class RepairDocument(models.Model):
    """A manual, a recall notice or an exploded view, attached automatically to
    the repairs of its product, device type or fiche métier."""

    _name = "repair.document"
    _description = "Repair document"
    _order = "kind, name"

    name = fields.Char(required=True, translate=True)
    kind = fields.Selection(
        [("manual", "Manual"), ("recall", "Recall notice"), ("exploded_view", "Exploded view"), ("other", "Other")],
        required=True,
        default="manual",
    )
    attachment_id = fields.Many2one("ir.attachment", string="File", required=True, ondelete="restrict")
    datas = fields.Binary(related="attachment_id.datas", string="Content")
    product_id = fields.Many2one("product.product", help="Repairs of this device.")
    product_type_id = fields.Many2one("qualirepar.product.type", string="Device type")
    fiche = fields.Selection(FICHES, string="Fiche métier")
    customer_visible = fields.Boolean(
        "Shown to the customer", default=True, help="Sent with the repair's e-mails and offered in the portal."
    )
    company_id = fields.Many2one("res.company", help="Empty: every company.")
    active = fields.Boolean(default=True)

    @api.constrains("name", "product_id", "product_type_id", "fiche")
    def _check_scope(self):
        for document in self:
            if not (document.product_id or document.product_type_id or document.fiche):
                raise ValidationError(
                    _("%s: choose the product, the device type or the fiche it is for.", document.name)
                )

    def _applies_to(self, repair):
        self.ensure_one()
        if self.company_id and self.company_id != repair.company_id:
            return False
        device_type = repair.qualirepar_product_type_id
        return bool(
            (self.product_id and self.product_id == repair.product_id)
            or (self.product_type_id and self.product_type_id == device_type)
            or (self.fiche and self.fiche == device_type.fiche)
        )

    def _download_url(self):
        """A link the customer opens without an account: the file's own token."""
        self.ensure_one()
        attachment = self.attachment_id.sudo()
        token = attachment.access_token or attachment.generate_access_token()[0]
        return f"/web/content/{attachment.id}?access_token={token}&download=true"

    @api.model_create_multi
    def create(self, vals_list):
        documents = super().create(vals_list)
        # the file belongs to the document: its access follows the document's
        documents.attachment_id.sudo().write({"res_model": self._name, "public": False})
        for document in documents:
            document.attachment_id.sudo().res_id = document.id
        return documents
