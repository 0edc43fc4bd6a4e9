from odoo import models


class IrUiMenu(models.Model):
    _inherit = "ir.ui.menu"

    def _load_menus_blacklist(self):
        # the Refashion menu appears once the shop has a Refashion account (made from
        # the point of sale's settings), as the vendor's activation does
        blacklist = super()._load_menus_blacklist()
        if not self.env["eco.organism"]._refashion_account_exists(self.env.user):
            menu = self.env.ref("pos_repair_bonus.menu_refashion_root", raise_if_not_found=False)
            if menu:
                blacklist.append(menu.id)
        return blacklist
