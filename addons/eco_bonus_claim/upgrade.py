"""What databases installed before 18.0.1.1.0 need: the Refashion-only grid
(families, repair types, claim lines by repair type) moved from this addon to
``pos_repair_bonus``, records and tables kept.

Called by the pre-migrations of both addons (whichever is upgraded first), so that
no upgrade ever sees these models' metadata owned by an addon that no longer
defines them: Odoo would then delete it at the end of the upgrade, dropping the
tables with it.
"""

import logging

_logger = logging.getLogger(__name__)

MOVED_MODELS = ("eco.bonus.family", "eco.bonus.repair.type", "eco.bonus.claim.line")
# the metadata of the moved models, by xmlid, beside the models' and fields' own
MOVED_NAMES = (
    "field_eco_bonus_claim__line_ids",
    "access_eco_bonus_family_user",
    "access_eco_bonus_family_manager",
    "access_eco_bonus_repair_type_user",
    "access_eco_bonus_repair_type_manager",
    "access_eco_bonus_claim_line_user",
    "access_eco_bonus_claim_line_manager",
    "eco_bonus_claim_line_rule_company",
    "eco_bonus_family_view_list",
    "eco_bonus_family_view_form",
    "eco_bonus_family_view_search",
    "eco_bonus_family_action",
)
SOURCE, TARGET = "eco_bonus_claim", "pos_repair_bonus"


def move_grid_xmlids(cr):
    """Give ``pos_repair_bonus`` the xmlids of the moved models, their fields and
    their metadata (an xmlid it already has wins: the old one is dropped)."""
    prefixes = [f"model_{model.replace('.', '_')}" for model in MOVED_MODELS]
    fields_prefixes = [f"field_{model.replace('.', '_')}__%" for model in MOVED_MODELS]
    cr.execute(
        """
        SELECT id, name FROM ir_model_data
         WHERE module = %s AND (name = ANY(%s) OR name = ANY(%s) OR name LIKE ANY(%s))
        """,
        [SOURCE, prefixes, list(MOVED_NAMES), fields_prefixes],
    )
    rows = cr.fetchall()
    if not rows:
        return
    cr.execute(
        "DELETE FROM ir_model_data WHERE id = ANY(%s) AND name IN (SELECT name FROM ir_model_data WHERE module = %s)",
        [[row[0] for row in rows], TARGET],
    )
    cr.execute(
        "UPDATE ir_model_data SET module = %s WHERE id = ANY(%s) AND module = %s",
        [TARGET, [row[0] for row in rows], SOURCE],
    )
    _logger.info("%s xmlids of the Refashion grid moved from %s to %s", cr.rowcount, SOURCE, TARGET)
