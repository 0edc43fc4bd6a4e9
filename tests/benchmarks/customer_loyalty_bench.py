"""Benchmark of customer_loyalty, run inside `odoo shell` by `scripts/suite bench`
(``env`` is the shell's environment, on a database of its own, dropped afterwards).

Customer statistics (last purchase, purchases and amount spent over 12 months,
till and invoices) and what the customer owes (for the credit left), for a
customer with 10 POS orders, then with 20 000 spread over two years (copied in SQL
from a real synced order). Targets: the same number of queries whatever the
history, <= 50 ms (median of 20 calls).
"""

import statistics
import time

from odoo import fields


def sync_one_order(env, partner):
    config = env.ref("point_of_sale.pos_config_main")
    if not config.current_session_id:
        config.open_ui()
        config.current_session_id.set_opening_control(0, None)
    session = config.current_session_id
    product = env["product.product"].search([("available_in_pos", "=", True)], limit=1)
    cash = config.payment_method_ids.filtered("is_cash_count")[:1] or config.payment_method_ids[:1]
    price = product.lst_price
    data = {
        "name": "Order bench",
        "session_id": session.id,
        "sequence_number": 1,
        "user_id": env.uid,
        "pricelist_id": config.pricelist_id.id,
        "fiscal_position_id": False,
        "date_order": fields.Datetime.to_string(fields.Datetime.now()),
        "amount_paid": price,
        "amount_return": 0,
        "amount_tax": 0,
        "amount_total": price,
        "lines": [
            (
                0,
                0,
                {
                    "product_id": product.id,
                    "qty": 1,
                    "price_unit": price,
                    "price_subtotal": price,
                    "price_subtotal_incl": price,
                    "discount": 0,
                    "tax_ids": [],
                },
            )
        ],
        "payment_ids": [(0, 0, {"amount": price, "payment_method_id": cash.id, "name": fields.Datetime.now()})],
        "partner_id": partner.id,
        "to_invoice": False,
    }
    env["pos.order"].sync_from_ui([data])


def copy_orders(env, partner, count):
    """``count`` copies of the customer's order, one every hour back in time."""
    cr = env.cr
    cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'pos_order' AND column_name <> 'id'"
    )
    columns = [row[0] for row in cr.fetchall()]
    overrides = {
        "name": "pos.name || '-' || g",
        "date_order": "pos.date_order - g * interval '1 hour'",
        "uuid": "gen_random_uuid()::text",
        "pos_reference": "pos.pos_reference || '-' || g",
    }
    select = ", ".join(overrides.get(c, f"pos.{c}") for c in columns)
    cr.execute(
        f"INSERT INTO pos_order ({', '.join(columns)}) "
        f"SELECT {select} FROM pos_order pos, generate_series(1, %s) g "
        "WHERE pos.id = (SELECT max(id) FROM pos_order WHERE partner_id = %s)",
        [count, partner.id],
    )


def measure(env, partner, method="_customer_statistics"):
    timings, counts = [], []
    for _ in range(20):
        env.invalidate_all()
        queries = env.cr.sql_log_count
        start = time.perf_counter()
        result = getattr(partner, method)().get(partner.id)
        timings.append(time.perf_counter() - start)
        counts.append(env.cr.sql_log_count - queries)
    return statistics.median(timings) * 1000, statistics.median(counts), result


admin_env = env(user=env.ref("base.user_admin"))  # noqa: F821 (odoo shell)
customer = admin_env["res.partner"].create({"name": "Client fidèle"})
for _ in range(10):
    sync_one_order(admin_env, customer)
admin_env.flush_all()
small_ms, small_queries, small = measure(admin_env, customer)
print(f"10 orders: {small_ms:.1f} ms, {small_queries} queries, {small}")
small_credit_ms, small_credit_queries, owed = measure(admin_env, customer, "_customer_credit_owed")
print(f"10 orders, credit: {small_credit_ms:.1f} ms, {small_credit_queries} queries, owed {owed}")
copy_orders(admin_env, customer, 20_000 - 10)
admin_env.cr.execute("ANALYZE pos_order")
large_ms, large_queries, large = measure(admin_env, customer)
print(f"20 000 orders: {large_ms:.1f} ms, {large_queries} queries, {large}")
credit_ms, credit_queries, owed = measure(admin_env, customer, "_customer_credit_owed")
print(f"20 000 orders, credit: {credit_ms:.1f} ms, {credit_queries} queries, owed {owed}")
print(
    f"credit for 20 000 orders: {credit_ms:.1f} ms (target <= 50), queries {small_credit_queries} -> {credit_queries}",
    "OK" if credit_ms <= 50 and credit_queries == small_credit_queries else "MISSED",
)
print(
    f"statistics for 20 000 orders: {large_ms:.1f} ms (target <= 50), queries {small_queries} -> {large_queries}",
    "OK" if large_ms <= 50 and large_queries == small_queries else "MISSED",
)
admin_env.cr.rollback()
