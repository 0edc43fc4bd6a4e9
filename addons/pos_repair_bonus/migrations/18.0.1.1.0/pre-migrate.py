from odoo.addons.eco_bonus_claim.upgrade import move_grid_xmlids


def migrate(cr, version):
    # the grid's models came from eco_bonus_claim: when this addon is upgraded
    # first, it takes their metadata over (done once, whichever addon runs first)
    move_grid_xmlids(cr)
