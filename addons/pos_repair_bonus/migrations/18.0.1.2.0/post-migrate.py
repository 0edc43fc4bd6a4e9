from odoo import SUPERUSER_ID, Command, api

# the grid is data the shop may have edited (noupdate): only what is new is set
GLUE_NOT_WITH = (
    "type_shoes_patins",
    "type_shoes_bonbout",
    "type_shoes_ressemelage_gomme",
    "type_shoes_ressemelage_cuir",
)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    glue = env.ref("pos_repair_bonus.type_shoes_couture", raise_if_not_found=False)
    if glue and not glue.not_combined_with_ids:
        others = [env.ref(f"pos_repair_bonus.{xmlid}", raise_if_not_found=False) for xmlid in GLUE_NOT_WITH]
        glue.not_combined_with_ids = [Command.set([other.id for other in others if other])]
