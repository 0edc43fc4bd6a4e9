from odoo import _, api, fields, models

from odoo.addons.eco_bonus_claim.services.images import ImageProblem


class EcoBonusClaim(models.Model):
    _inherit = "eco.bonus.claim"

    pos_order_id = fields.Many2one("pos.order", string="POS order", index=True, readonly=True)
    pos_config_id = fields.Many2one(related="pos_order_id.config_id", store=True, string="Point of sale")

    pos_order_line_ids = fields.Many2many(
        "pos.order.line",
        "eco_bonus_claim_pos_order_line_rel",
        "claim_id",
        "line_id",
        string="Repaired item",
        readonly=True,
        help="The order lines of the repaired item this claim is for.",
    )
    eco_bonus_item_key = fields.Char(
        "Item key", readonly=True, copy=False, help="Which item of its order the claim is for."
    )
    line_ids = fields.One2many("eco.bonus.claim.line", "claim_id", string="Repairs", copy=True)
    pos_photo_count = fields.Integer("Photos", compute="_compute_pos_photo_count")

    def _pos_photos(self):
        self.ensure_one()
        return (self.pos_order_line_ids or self.pos_order_id.lines).eco_bonus_photo_ids

    @api.depends("pos_order_id", "pos_order_line_ids")
    def _compute_pos_photo_count(self):
        for claim in self:
            claim.pos_photo_count = len(claim._pos_photos())

    def action_view_pos_photos(self):
        """The counter photos of the claim's order, where a manager replaces one the
        claim could not send; "Send now" then sends the claim with it."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Photos"),
            "res_model": "eco.bonus.photo",
            "view_mode": "list,form",
            "domain": [("line_id", "in", (self.pos_order_line_ids or self.pos_order_id.lines).ids)],
            # photos are added or replaced while the claim is pending or in review
            "context": {
                "create": self.state in ("pending", "to_review"),
                "edit": self.state in ("pending", "to_review"),
                "delete": self.state in ("pending", "to_review"),
                "default_line_id": (self.pos_order_line_ids or self.pos_order_id.lines)[:1].id,
            },
        }

    @api.model
    def _cron_send_pending(self, limit=None):
        self.env["pos.order"]._eco_bonus_create_pending_claims()
        return super()._cron_send_pending(limit=limit)

    def _eco_prepare_evidence(self):
        result = super()._eco_prepare_evidence()
        for claim in self.filtered("pos_order_id"):
            claim._attach_pos_evidence()
        return result

    def _attach_pos_evidence(self):
        """Clean copies of the counter photos and the receipt as a PDF, once each.
        The shop keeps the clean copies too: the originals lose their metadata
        (EXIF, GPS) as soon as they are checked. A photo that cannot be sent raises
        ``ImageProblem``: the claim goes to review, saying which photo and why."""
        self.ensure_one()
        prefix = self.name.replace("/", "-")
        self._eco_attach_evidence("photo", lambda: self._clean_pos_photos(prefix))
        self._eco_attach_evidence(
            "receipt",
            lambda: [
                (
                    f"{prefix}-ticket.pdf",
                    self.env["ir.actions.report"]
                    .sudo()
                    ._render_qweb_pdf("pos_repair_bonus.action_report_bonus_receipt", self.pos_order_id.ids)[0],
                    "application/pdf",
                )
            ],
        )

    def _clean_pos_photos(self, prefix):
        max_side = self.company_id.eco_bonus_photo_max_side
        files = []
        photos = self._pos_photos()
        for index, photo in enumerate(photos, start=1):
            try:
                clean = photo._clean_jpeg(max_side)
            except ImageProblem as error:
                raise ImageProblem(_("photo %(index)s: %(reason)s", index=index, reason=error)) from error
            files.append((f"{prefix}-photo-{index}.jpg", clean, "image/jpeg"))
        for photo, (_name, clean, _mimetype) in zip(photos, files, strict=True):
            photo._keep_clean_copy(clean)
        return files

    def _eco_withdrawal_counterpart(self, line):
        # an order without a customer: the bonus goes back against the income of the
        # repairs it was deducted from, as the session booked them (product's income
        # account, mapped by the order's fiscal position)
        counterpart = super()._eco_withdrawal_counterpart(line)
        order = self.pos_order_id
        if counterpart or not order:
            return counterpart
        repair = self.pos_order_line_ids[:1] or order.lines.filtered("eco_bonus_repair_type_ids")[:1] or order.lines[:1]
        product = repair.product_id.with_company(order.company_id)
        account = product._get_product_accounts()["income"] or order.config_id.journal_id.default_account_id
        if order.fiscal_position_id:
            account = order.fiscal_position_id.map_account(account)
        return (account, self.env["res.partner"]) if account else None

    def _eco_payload(self):
        payload = super()._eco_payload()
        organism = self.organism_id.sudo()
        order = self.pos_order_id
        payload.update(
            repairs=[
                {"code": line.repair_type_id.code, "label": line.repair_type_id.name, "amount": line.amount}
                for line in self.line_ids
            ],
            siret=organism.siret,
            account_email=organism.account_email,
            account_type=organism.refashion_account_type,
            store={
                "name": order.config_id.name or self.company_id.name,
                "order_reference": order.pos_reference or order.name,
            },
        )
        return payload
