from odoo import SUPERUSER_ID, Command, api

# the grid is data the shop may have edited (noupdate): only what is new is set
GLUE_NOT_WITH = (
    "type_shoes_patins",
    "type_shoes_bonbout",
    "type_shoes_ressemelage_gomme",
    "type_shoes_ressemelage_cuir",
)


def _amounts_from_the_old_periods(env):
    """The periods the pre-migration put aside become the types' amounts; where
    the grid's data already made one for the same start, it takes the shop's values."""
    cr = env.cr
    cr.execute("SELECT to_regclass('pos_repair_bonus_old_amount')")
    if not cr.fetchone()[0]:
        return
    cr.execute(
        "SELECT type_id, amount, date_from, date_to FROM pos_repair_bonus_old_amount ORDER BY type_id, date_from"
    )
    Amount = env["eco.bonus.repair.amount"]
    for type_id, amount, date_from, date_to in cr.fetchall():
        repair_type = env["eco.bonus.repair.type"].browse(type_id).exists()
        if not repair_type or not amount or not date_from:
            continue
        same = repair_type.amount_ids.filtered(lambda line, start=date_from: line.date_from == start)
        values = {"amount": amount, "date_from": date_from, "date_to": date_to}
        if same:
            same.write(values)
        else:
            # a period the data added that the shop's periods cover is the shop's
            repair_type.amount_ids.filtered(
                lambda line, start=date_from, end=date_to: (
                    (not end or line.date_from <= end) and (not line.date_to or start <= line.date_to)
                )
            ).unlink()
            Amount.create({"type_id": repair_type.id, **values})
    cr.execute("DROP TABLE pos_repair_bonus_old_amount")


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    _amounts_from_the_old_periods(env)
    glue = env.ref("pos_repair_bonus.type_shoes_couture", raise_if_not_found=False)
    if glue and not glue.not_combined_with_ids:
        others = [env.ref(f"pos_repair_bonus.{xmlid}", raise_if_not_found=False) for xmlid in GLUE_NOT_WITH]
        glue.not_combined_with_ids = [Command.set([other.id for other in others if other])]
