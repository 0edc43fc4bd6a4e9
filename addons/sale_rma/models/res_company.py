from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    rma_return_period_days = fields.Integer(
        "Return period (days)",
        default=30,
        help="Customers may ask to return a product up to this many days after delivery.",
    )
    rma_return_address_id = fields.Many2one(
        "res.partner", "Return address", help="Printed on the return slip. Empty: the company's address."
    )
    rma_instructions = fields.Html(
        "Return instructions",
        translate=True,
        help="Printed at the end of every return slip.",
        default=lambda self: _(
            "<p>Pack the products in their original packaging if you still have it, put this slip in the "
            "parcel and write the return reference on it.</p>"
        ),
    )
    rma_warehouse_id = fields.Many2one("stock.warehouse", "Return warehouse", help="Where returned goods come back.")
    rma_notify_customer = fields.Boolean("E-mail the customer at each step", default=True)
    rma_staff_partner_ids = fields.Many2many(
        "res.partner", "res_company_rma_staff_rel", "company_id", "partner_id", string="Staff notified"
    )
    rma_fee_product_id = fields.Many2one(
        "product.product", "Return fees product", help="Used on credit notes for the fees kept and the adjustments."
    )

    rma_adjustment_limit_percent = fields.Float(
        "Adjustment limit (%)",
        default=100.0,
        help="Returns staff may add to a refund up to this share of the value of the goods received; "
        "above it, a returns manager decides.",
    )

    @api.constrains("rma_return_period_days")
    def _check_rma_return_period_days(self):
        for company in self:
            if company.rma_return_period_days < 0:
                raise ValidationError(_("The return period cannot be negative."))

    @api.constrains("rma_adjustment_limit_percent")
    def _check_rma_adjustment_limit_percent(self):
        for company in self:
            if company.rma_adjustment_limit_percent < 0:
                raise ValidationError(_("The adjustment limit cannot be negative."))

    def _rma_return_address(self):
        self.ensure_one()
        return self.rma_return_address_id or self.partner_id

    def _rma_fee_product(self):
        self.ensure_one()
        return self.rma_fee_product_id or self.env.ref("sale_rma.product_rma_fee")
