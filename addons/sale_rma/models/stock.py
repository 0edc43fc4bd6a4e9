from odoo import _, fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    rma_id = fields.Many2one("sale.rma", "Customer return", index="btree_not_null", copy=False, readonly=True)

    def _is_rma_reception(self):
        self.ensure_one()
        return self.picking_type_code == "incoming"

    def _action_done(self):
        result = super()._action_done()
        self.rma_id._on_reception_done()
        return result


class StockReturnPicking(models.TransientModel):
    _inherit = "stock.return.picking"

    def _prepare_picking_default_values(self):
        values = super()._prepare_picking_default_values()
        location_id = self.env.context.get("rma_location_dest_id")
        if location_id:
            values["location_dest_id"] = location_id
        return values


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    def _rma_return_location(self):
        """The warehouse's "Returns" location, made the first time it is needed."""
        self.ensure_one()
        Location = self.env["stock.location"].sudo()
        location = Location.search(
            [("location_id", "=", self.view_location_id.id), ("rma_returns", "=", True)], limit=1
        )
        return location or Location.create(
            {
                "name": _("Returns"),
                "location_id": self.view_location_id.id,
                "usage": "internal",
                "company_id": self.company_id.id,
                "rma_returns": True,
            }
        )


class StockLocation(models.Model):
    _inherit = "stock.location"

    rma_returns = fields.Boolean(
        "Customer returns", help="Returned goods wait here to be processed; they are not sold again from here."
    )
