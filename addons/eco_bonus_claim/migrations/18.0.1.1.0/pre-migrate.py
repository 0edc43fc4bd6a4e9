from odoo.addons.eco_bonus_claim.upgrade import move_grid_xmlids


def migrate(cr, version):
    # families, repair types and claim lines by repair type belong to pos_repair_bonus now
    move_grid_xmlids(cr)
