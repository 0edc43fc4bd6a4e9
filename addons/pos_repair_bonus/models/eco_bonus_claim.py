from odoo import _, api, fields, models

from odoo.addons.eco_bonus_claim.services.client import EcoRejectedError


class EcoBonusClaim(models.Model):
    _inherit = "eco.bonus.claim"

    pos_order_id = fields.Many2one("pos.order", string="POS order", index=True, readonly=True)
    pos_config_id = fields.Many2one(related="pos_order_id.config_id", store=True, string="Point of sale")
    refunded = fields.Boolean(readonly=True, help="The customer was refunded after the claim was sent.")

    @api.model
    def _cron_send_pending(self, limit=200):
        self.env["pos.order"]._eco_bonus_create_pending_claims()
        return super()._cron_send_pending(limit=limit)

    def _prepare_evidence(self):
        added = super()._prepare_evidence()
        for claim in self.filtered("pos_order_id"):
            added = claim._attach_pos_evidence() or added
        return added

    def _attach_pos_evidence(self):
        """Clean copies of the counter photos and the receipt as a PDF, made once;
        True when it made any."""
        attachments = self.env["ir.attachment"].sudo()
        existing = attachments.search([("res_model", "=", self._name), ("res_id", "=", self.id)])
        if existing.filtered(lambda a: a.description == "photo") and existing.filtered(
            lambda a: a.description == "receipt"
        ):
            return False
        company = self.company_id
        if not existing.filtered(lambda a: a.description == "photo"):
            for index, photo in enumerate(self.pos_order_id.lines.eco_bonus_photo_ids, start=1):
                reason = photo._check_image_data(photo.image, company)
                if reason:
                    raise EcoRejectedError(_("photo %(index)s: %(reason)s", index=index, reason=reason))
                attachments.create(
                    {
                        "name": f"{self.name.replace('/', '-')}-photo-{index}.jpg",
                        "raw": photo._clean_jpeg(company.eco_bonus_photo_max_side),
                        "mimetype": "image/jpeg",
                        "description": "photo",
                        "res_model": self._name,
                        "res_id": self.id,
                    }
                )
        if not existing.filtered(lambda a: a.description == "receipt"):
            pdf, _type = (
                self.env["ir.actions.report"]
                .sudo()
                ._render_qweb_pdf("pos_repair_bonus.action_report_bonus_receipt", self.pos_order_id.ids)
            )
            attachments.create(
                {
                    "name": f"{self.name.replace('/', '-')}-ticket.pdf",
                    "raw": pdf,
                    "mimetype": "application/pdf",
                    "description": "receipt",
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        return True

    def _eco_payload(self):
        payload = super()._eco_payload()
        organism = self.organism_id.sudo()
        order = self.pos_order_id
        payload.update(
            siret=organism.siret,
            account_email=organism.account_email,
            store={
                "name": order.config_id.name or self.company_id.name,
                "order_reference": order.pos_reference or order.name,
            },
        )
        return payload
