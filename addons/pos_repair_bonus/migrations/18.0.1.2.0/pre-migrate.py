"""18.0.1.1.0 kept a repair type's amount and dates on the type (a new amount was a
new record of the same code); 18.0.1.2.0 keeps one type per code and its amounts as
dated children. Before the models load: the periods are put aside, and the records
of one code merged into one, the references of products, till lines and claims
moved onto it. The post-migration makes the periods amounts."""

M2M = (
    ("eco_bonus_repair_type_product_template_rel", "product_template_id"),
    ("eco_bonus_repair_type_pos_order_line_rel", "pos_order_line_id"),
)


def _has_column(cr, table, column):
    cr.execute("SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = %s", (table, column))
    return bool(cr.fetchone())


def migrate(cr, version):
    if not _has_column(cr, "eco_bonus_repair_type", "date_from"):
        return
    cr.execute(
        """
        CREATE TABLE IF NOT EXISTS pos_repair_bonus_old_amount AS
        SELECT id AS type_id, amount, date_from, date_to FROM eco_bonus_repair_type WHERE amount IS NOT NULL
        """
    )
    # one record per (family, code): the one with an XML id (the shipped grid), else the latest
    cr.execute(
        """
        SELECT array_agg(t.id ORDER BY (d.id IS NULL), t.date_from DESC NULLS LAST, t.id)
          FROM eco_bonus_repair_type t
          LEFT JOIN ir_model_data d ON d.model = 'eco.bonus.repair.type' AND d.res_id = t.id
         GROUP BY t.family_id, t.code
        HAVING count(*) > 1
        """
    )
    for (ids,) in cr.fetchall():
        keep, others = ids[0], tuple(ids[1:])
        cr.execute("UPDATE pos_repair_bonus_old_amount SET type_id = %s WHERE type_id IN %s", (keep, others))
        for table, column in M2M:
            cr.execute(
                f"""
                INSERT INTO {table} ({column}, eco_bonus_repair_type_id)
                SELECT DISTINCT {column}, %s FROM {table} WHERE eco_bonus_repair_type_id IN %s
                ON CONFLICT DO NOTHING
                """,
                (keep, others),
            )
            cr.execute(f"DELETE FROM {table} WHERE eco_bonus_repair_type_id IN %s", (others,))
        cr.execute("UPDATE eco_bonus_claim_line SET repair_type_id = %s WHERE repair_type_id IN %s", (keep, others))
        cr.execute("UPDATE eco_bonus_repair_type SET active = true WHERE id = %s", (keep,))
        cr.execute("DELETE FROM ir_model_data WHERE model = 'eco.bonus.repair.type' AND res_id IN %s", (others,))
        cr.execute("DELETE FROM eco_bonus_repair_type WHERE id IN %s", (others,))
