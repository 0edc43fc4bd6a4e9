from odoo import models


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    def session_info(self):
        """Tell the web client and the till whether this database is a sandbox
        (``scripts/suite run --sandbox`` sets ``repair_shop_demo.sandbox``): the
        claims and payments it makes go to loopback emulators, never to the real
        services, and every screen says so."""
        info = super().session_info()
        info["repair_sandbox"] = bool(self.env["ir.config_parameter"].sudo().get_param("repair_shop_demo.sandbox"))
        return info
