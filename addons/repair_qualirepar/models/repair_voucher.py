import base64
import io

import qrcode

from odoo import _, fields, models


class RepairOrder(models.Model):
    _name = "repair.order"
    _inherit = ["repair.order", "portal.mixin"]

    deposit_amount = fields.Monetary("Deposit paid", copy=False)
    deposit_journal_id = fields.Many2one(
        "account.journal",
        string="Deposit paid by",
        domain="[('type', 'in', ('cash', 'bank')), ('company_id', '=', company_id)]",
        copy=False,
    )
    gdpr_consent = fields.Boolean(
        "Data processing accepted",
        copy=False,
        help="The customer accepts that the shop keeps their data for the repair.",
    )
    used_parts_consent = fields.Boolean(
        "Used parts accepted", copy=False, help="The customer accepts used or reconditioned spare parts."
    )

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for repair in self:
            repair.access_url = f"/my/repairs/{repair.id}"
        return result

    def _voucher_qr_code(self):
        """The customer's repair page as a QR code (PNG data URI)."""
        self.ensure_one()
        image = qrcode.make(self.get_base_url() + self.get_portal_url(), box_size=4, border=1)
        out = io.BytesIO()
        image.save(out, format="PNG")
        return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()

    def _portal_documents(self):
        """``[(label, url)]`` the customer may download."""
        self.ensure_one()
        documents = [(_("Take-in voucher"), self.get_portal_url(report_type="pdf", download=True))]
        order = self.sale_order_id
        if order and order.state != "cancel":
            documents.append((_("Quotation %s", order.name), order.get_portal_url()))
        for invoice in order.invoice_ids.filtered(lambda i: i.state == "posted"):
            documents.append((_("Invoice %s", invoice.name), invoice.get_portal_url()))
        for document in self.document_ids.filtered("customer_visible"):
            documents.append((document.name, document._download_url()))
        return documents

    def action_print_voucher(self):
        return self.env.ref("repair_qualirepar.action_report_repair_voucher").report_action(self)
