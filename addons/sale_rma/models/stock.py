from odoo import _, fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    rma_id = fields.Many2one("sale.rma", "Customer return", index="btree_not_null", copy=False, readonly=True)

    def _is_rma_reception(self):
        self.ensure_one()
        return self.picking_type_code == "incoming"

    def _action_done(self):
        result = super()._action_done()
        # the warehouse staff validate the transfers of a return without rights on
        # returns: only the return's state follows the reception
        self.rma_id.sudo()._on_reception_done()
        return result

    def _create_backorder(self, backorder_moves=None):
        """The rest of a partial reception still belongs to its return."""
        backorders = super()._create_backorder(backorder_moves)
        for backorder in backorders.filtered(lambda p: p.backorder_id.rma_id):
            backorder.rma_id = backorder.backorder_id.rma_id
        return backorders


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
