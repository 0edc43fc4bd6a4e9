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
from odoo.sql_db import db_connect


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


# Year-end reset of the loyalty points: 100 000 cards, then 200 000, made in SQL
# (not by the ORM) and committed (this database is dropped afterwards). Targets:
# <= 10 s for 100 000, 200 000 <= 2.2 x that time; a second run the same year
# changes nothing.
def cards_to_reset(env, count):
    program = env["loyalty.program"].create(
        {
            "name": f"Bench reset {count}",
            "program_type": "loyalty",
            "points_reset": True,
            "points_reset_month": "1",
            "points_reset_day": 1,
            "last_reset_year": 2030,
        }
    )
    env.flush_all()
    env.cr.execute(
        """
        INSERT INTO loyalty_card (program_id, program_type, company_id, code, points, year_points, active,
                                  card_kind, create_uid, create_date, write_uid, write_date)
        SELECT %(program)s, 'loyalty', %(company)s, 'BENCH-' || %(program)s || '-' || g, 100 + g %% 50,
               100 + g %% 50, true, 'physical', %(uid)s, now(), %(uid)s, now()
          FROM generate_series(1, %(count)s) g
        """,
        {"program": program.id, "company": program.company_id.id or None, "uid": env.uid, "count": count},
    )
    # committed like cards issued over the year: rows made in the resetting transaction itself would
    # have their foreign keys checked again by PostgreSQL, which a real reset does not pay
    env.cr.commit()
    # and vacuumed, as the tables of a live database are
    maintenance = db_connect(env.cr.dbname).cursor()
    maintenance._cnx.autocommit = True
    maintenance.execute("VACUUM ANALYZE loyalty_card, loyalty_history")
    maintenance.close()
    return program


def time_reset(env, year):
    env.invalidate_all()
    start = time.perf_counter()
    done = env["loyalty.program"]._cron_reset_year_points(fields.Date.to_date(f"{year}-01-01"))
    env.flush_all()
    return time.perf_counter() - start, done


reset_env = env(user=env.ref("base.user_admin"))  # noqa: F821 (odoo shell)
reset_env["loyalty.program"].search([("points_reset", "=", True)]).points_reset = False
reset_times = {}
for count, year in ((100_000, 2031), (200_000, 2032)):
    program = cards_to_reset(reset_env, count)
    seconds, done = time_reset(reset_env, year)
    reset_env.cr.execute(
        "SELECT count(*) FILTER (WHERE points <> 0), (SELECT count(*) FROM loyalty_history h JOIN loyalty_card c "
        "ON c.id = h.card_id WHERE c.program_id = %s) FROM loyalty_card WHERE program_id = %s",
        [program.id, program.id],
    )
    left, traced = reset_env.cr.fetchone()
    again, done_again = time_reset(reset_env, year)
    reset_times[count] = seconds
    print(
        f"year-end reset of {count} cards: {seconds:.2f} s, {left} cards with points left, {traced} history lines; "
        f"second run: {again:.3f} s, programmes reset {len(done_again)}"
    )
ratio = reset_times[200_000] / reset_times[100_000]
print(
    f"year-end reset of 100 000 cards: {reset_times[100_000]:.2f} s (target <= 10)",
    "OK" if reset_times[100_000] <= 10 else "MISSED",
)
print(
    f"year-end reset of 200 000 cards: {ratio:.2f} x the 100 000 time (target <= 2.2)",
    "OK" if ratio <= 2.2 else "MISSED",
)
reset_env.cr.rollback()


# The coupons of a customer as the till lists them (customer details): 10 coupons,
# then 2 000 (made in SQL). Target: no query per coupon (one search of the cards, one
# of their history; the ORM reads the cards 1 000 at a time), time reported.
def coupons_of(env, partner, count, program, start=0):
    env.flush_all()
    env.cr.execute(
        """
        INSERT INTO loyalty_card (program_id, company_id, partner_id, code, points, active,
                                  expiration_date, create_uid, create_date, write_uid, write_date)
        SELECT %(program)s, %(company)s, %(partner)s, 'BENCH-C-' || %(partner)s || '-' || (%(start)s + g), g %% 2,
               true, current_date + (g %% 90 - 30), %(uid)s, now(), %(uid)s, now()
          FROM generate_series(1, %(count)s) g
        """,
        {
            "program": program.id,
            "company": program.company_id.id or None,
            "partner": partner.id,
            "uid": env.uid,
            "count": count,
            "start": start,
        },
    )
    env.cr.execute("ANALYZE loyalty_card")


def time_coupons(env, partner):
    timings, counts = [], []
    for _ in range(20):
        env.invalidate_all()
        queries = env.cr.sql_log_count
        start = time.perf_counter()
        coupons = partner.pos_customer_coupons()
        timings.append(time.perf_counter() - start)
        counts.append(env.cr.sql_log_count - queries)
    return statistics.median(timings) * 1000, statistics.median(counts), len(coupons)


coupon_env = env(user=env.ref("base.user_admin"))  # noqa: F821 (odoo shell)
coupon_program = coupon_env["loyalty.program"].create({"name": "Bench coupons", "program_type": "coupons"})
coupon_customer = coupon_env["res.partner"].create({"name": "Client aux bons"})
coupons_of(coupon_env, coupon_customer, 10, coupon_program)
few_ms, few_queries, few = time_coupons(coupon_env, coupon_customer)
coupons_of(coupon_env, coupon_customer, 1990, coupon_program, start=10)
many_ms, many_queries, many = time_coupons(coupon_env, coupon_customer)
print(f"coupons for the till: {few} in {few_ms:.1f} ms, {few_queries} queries; {many} in {many_ms:.1f} ms")
print(
    f"coupons for the till, 2 000: queries {few_queries} -> {many_queries} (target: at most one more per 1 000)",
    "OK" if many_queries - few_queries <= many // 1000 else "MISSED",
)
coupon_env.cr.rollback()


# Consents. A new purpose gives every customer a line "unknown" in one INSERT:
# 100 000 customers (made in SQL), target <= 5 s. A customer created by the ORM gets
# its lines in one statement whatever the number of purposes: the queries to create
# one customer are the same with 3 purposes as with 9.
def customers_in_sql(env, count):
    env.flush_all()
    env.cr.execute(
        """
        INSERT INTO res_partner (name, complete_name, active, type, autopost_bills, create_uid, create_date,
                                 write_uid, write_date)
        SELECT 'Bench client ' || g, 'Bench client ' || g, true, 'contact', 'ask', %(uid)s, now(), %(uid)s, now()
          FROM generate_series(1, %(count)s) g
        """,
        {"uid": env.uid, "count": count},
    )
    env.cr.execute("ANALYZE res_partner")


def queries_to_create_a_customer(env):
    env["res.partner"].create({"name": "Client pour chauffer les caches"})
    env.flush_all()
    queries = env.cr.sql_log_count
    env["res.partner"].create({"name": "Client consentant"})
    env.flush_all()
    return env.cr.sql_log_count - queries


consent_env = env(user=env.ref("base.user_admin"))  # noqa: F821 (odoo shell)
Purpose = consent_env["res.partner.consent.purpose"]
customers_in_sql(consent_env, 100_000)
start = time.perf_counter()
Purpose.create({"name": "Bench purpose", "channel": "email"})
purpose_seconds = time.perf_counter() - start
consent_env.cr.execute(
    "SELECT count(*) FROM res_partner_consent consent JOIN res_partner_consent_purpose purpose"
    " ON purpose.id = consent.purpose_id WHERE purpose.name->>'en_US' = 'Bench purpose'"
)
lines = consent_env.cr.fetchone()[0]
print(
    f"new purpose for {lines} customers: {purpose_seconds:.2f} s (target <= 5)",
    "OK" if purpose_seconds <= 5 else "MISSED",
)
few_purposes = Purpose.search_count([])
few_queries = queries_to_create_a_customer(consent_env)
for n in range(9 - few_purposes):
    # these purposes are for the queries below: no line for the 100 000 customers
    consent_env.cr.execute(
        "INSERT INTO res_partner_consent_purpose (name, channel, active, sequence) VALUES (%s, 'none', true, 50)",
        [f'{{"en_US": "Bench purpose {n}"}}'],
    )
Purpose.invalidate_model()
many_purposes = Purpose.search_count([])
many_queries = queries_to_create_a_customer(consent_env)
print(
    f"queries to create a customer: {few_queries} with {few_purposes} purposes, {many_queries} with {many_purposes}",
    "OK" if many_queries == few_queries else "MISSED",
)
consent_env.cr.rollback()
