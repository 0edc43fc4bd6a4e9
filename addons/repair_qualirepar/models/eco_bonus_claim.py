from odoo import fields, models


class EcoBonusClaim(models.Model):
    _inherit = "eco.bonus.claim"

    qualirepar_product_type_id = fields.Many2one("qualirepar.product.type", string="Product type", readonly=True)
    qualirepar_brand_id = fields.Many2one("qualirepar.brand", string="Brand", readonly=True)
    qualirepar_repair_code_id = fields.Many2one("qualirepar.repair.code", string="Repair code", readonly=True)
    qualirepar_repair_site_id = fields.Many2one("qualirepar.repair.site", string="Repair site", readonly=True)
    serial_number = fields.Char("Serial number / IMEI", readonly=True)
    commercial_ref = fields.Char("Commercial reference", readonly=True)
    purchase_date = fields.Date(readonly=True)
    failure_description = fields.Text(readonly=True)
    invoice_number = fields.Char(readonly=True)
    quote_number = fields.Char(readonly=True)
    labor_amount = fields.Monetary("Labour", readonly=True)
    new_parts_amount = fields.Monetary("New spare parts", readonly=True)
    used_parts_amount = fields.Monetary("Used or reconditioned spare parts", readonly=True)
    travel_amount = fields.Monetary("Travel", readonly=True)
    amount_untaxed = fields.Monetary("Repair price excl. tax", readonly=True)

    def _eco_payload(self):
        payload = super()._eco_payload()
        if self.organism_code not in ("ecosystem", "ecologic"):
            return payload
        partner = self.partner_id
        first_name, _sep, last_name = (partner.name or "").rpartition(" ")
        payload.update(
            attempts=self.attempt_count,
            repair_date=payload["date"],
            repair_site_id=self.qualirepar_repair_site_id.external_id or None,
            repairer_id=self.organism_id.sudo().qualirepar_repairer_id or None,
            invoice_number=self.invoice_number or self.name,
            quote_number=self.quote_number or self.name,
            customer={
                "title": partner.title.shortcut or partner.title.name or None,
                "first_name": first_name or None,
                "last_name": last_name or partner.name,
                "street": partner.street,
                "street2": partner.street2,
                "zip": partner.zip,
                "city": partner.city,
                "country": partner.country_id.code,
                "phone": partner.phone or partner.mobile,
                "email": partner.email,
            },
            device={
                "product_type_id": self.qualirepar_product_type_id.external_id,
                "brand_id": self.qualirepar_brand_id.external_id,
                "serial_number": self.serial_number,
                "commercial_ref": self.commercial_ref,
                "purchase_date": fields.Date.to_string(self.purchase_date) if self.purchase_date else None,
                "repair_code": self.qualirepar_repair_code_id.code,
                "failure_description": self.failure_description,
            },
            amounts={
                "labor": self.labor_amount,
                "new_parts": self.new_parts_amount,
                "used_parts": self.used_parts_amount,
                "travel": self.travel_amount,
                "total_excl": self.amount_untaxed,
            },
        )
        return payload
