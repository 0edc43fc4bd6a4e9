"""What a cashier waits for, measured the same way on any database (imported by
``repair_shop_demo_bench.py`` in two ``odoo shell`` sessions: one with every addon,
one with Odoo's POS alone):

- opening the till: the server time of ``pos.session.load_data``, the one call the
  till makes for its initial data, and the bytes of its JSON answer;
- syncing 200 plain orders through ``pos.order.sync_from_ui``, one order per call
  as the till sends them.

Both run on the same data, made here from a fixed seed: 1 000 products in a till
category of their own and 1 000 customers. The till measured shows that category
only, so that both databases load the same products: the suite's demo products
(repair products, deposits, the demo shop's articles) are not Odoo's, and would
weigh in the figures as data, not as code. A second till without category limits
loads every product of the database, for information (``load_all_*``). Everything
is rolled back.

The machine is shared: besides the wall time, each figure is the CPU time the
server spends on it, that of this thread (``time.thread_time``) plus that of its
PostgreSQL backend (``/proc/<pid>/stat``, when PostgreSQL runs on this machine),
which other processes do not inflate, and the number of SQL queries; the opening is
measured LOAD_RUNS times (median), the sync in SYNC_ROUNDS rounds of ORDERS orders
(median). ``models`` gives, per model the till loads, its records, fields, bytes and
CPU time: what costs what.
"""

import cProfile
import json
import os
import random
import statistics
import time
import uuid

import odoo.sql_db
from odoo import Command, fields
from odoo.tools import json_default

PRODUCTS = 1000
CUSTOMERS = 1000
LOAD_RUNS = 7
ORDERS = 200
SYNC_ROUNDS = 3


def make_data(env):
    rnd = random.Random(7)
    category = env["pos.category"].create({"name": "Bench"})
    env["product.product"].create(
        [
            {
                "name": f"Article {index:04d}",
                "pos_categ_ids": [Command.set(category.ids)],
                "list_price": rnd.randrange(100, 10000) / 100,
                "available_in_pos": True,
                "taxes_id": [Command.clear()],
                "barcode": f"2{index:011d}",
            }
            for index in range(PRODUCTS)
        ]
    )
    env["res.partner"].create(
        [
            {"name": f"Client {index:04d}", "email": f"client{index}@example.com", "city": "Paris"}
            for index in range(CUSTOMERS)
        ]
    )
    sessions, methods = env["pos.session"], env["pos.payment.method"]
    for values in (
        {"name": "Bench", "limit_categories": True, "iface_available_categ_ids": [Command.set(category.ids)]},
        {"name": "Bench, every product"},
    ):
        # a till has a cash method of its own
        cash = env["pos.config"]._create_cash_payment_method(
            {"name": f"Cash {values['name']}", "show_on_dashboard": False}
        )
        config = env["pos.config"].create({**values, "payment_method_ids": [Command.set(cash.ids)]})
        config.open_ui()
        config.current_session_id.set_opening_control(0, None)
        sessions |= config.current_session_id
        methods |= cash
    return sessions, methods[0]


def measure_load(session):
    """Median wall time, CPU time and queries of the till's initial load, and the
    bytes of its answer."""
    env = session.env
    times, cpus, queries, size = [], [], [], 0
    for run in range(LOAD_RUNS + 1):
        env.invalidate_all()
        with Meter(env.cr) as meter:
            response = session.load_data([])
            body = json.dumps({"jsonrpc": "2.0", "id": 1, "result": response}, default=json_default)
        if run:  # the first run warms the caches, as the server's first till of the day
            times.append(meter.wall)
            cpus.append(meter.cpu)
            queries.append(meter.queries)
        size = len(body.encode())
    return statistics.median(times), statistics.median(cpus), statistics.median(queries), size


def order_data(session, product, cash, index):
    price = product.list_price
    return {
        "name": f"Order bench-{index}",
        "uuid": str(uuid.uuid4()),
        "session_id": session.id,
        "pricelist_id": session.config_id.pricelist_id.id,
        "user_id": session.env.uid,
        "sequence_number": index + 1,
        "date_order": fields.Datetime.to_string(fields.Datetime.now()),
        "fiscal_position_id": False,
        "partner_id": False,
        "to_invoice": False,
        "last_order_preparation_change": "{}",
        "amount_paid": price,
        "amount_return": 0,
        "amount_tax": 0,
        "amount_total": price,
        "lines": [
            Command.create(
                {
                    "uuid": str(uuid.uuid4()),
                    "product_id": product.id,
                    "qty": 1,
                    "price_unit": price,
                    "price_subtotal": price,
                    "price_subtotal_incl": price,
                    "discount": 0,
                    "tax_ids": [],
                    "pack_lot_ids": [],
                }
            )
        ],
        "payment_ids": [Command.create({"amount": price, "name": fields.Datetime.now(), "payment_method_id": cash.id})],
        "state": "paid",
    }


def backend_cpu(cr):
    """CPU seconds of the PostgreSQL backend serving ``cr`` (0 if not readable here)."""
    try:
        with open(f"/proc/{cr._cnx.info.backend_pid}/stat") as stat:
            values = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(values[11]) + int(values[12])) / os.sysconf("SC_CLK_TCK")


class Meter:
    """Wall time, server CPU time (this thread and its PostgreSQL backend) and queries."""

    def __init__(self, cr):
        self.cr = cr

    def __enter__(self):
        self.start = (time.perf_counter(), time.thread_time(), backend_cpu(self.cr), odoo.sql_db.sql_counter)
        return self

    def __exit__(self, *_exc):
        wall, cpu, backend, queries = self.start
        self.wall = time.perf_counter() - wall
        self.cpu = time.thread_time() - cpu + backend_cpu(self.cr) - backend
        self.queries = odoo.sql_db.sql_counter - queries


def models_profile(session):
    """Per model of the till's load: records, fields, bytes, CPU seconds (Odoo's loop
    of pos.session.load_data, timed model by model)."""
    profile = {}
    response = {}
    with Meter(session.env.cr) as meter:
        response["pos.session"] = session._load_pos_data(response)
        session._load_pos_data_relations("pos.session", response)
    profile["pos.session"] = meter
    for model in session._load_pos_data_models(session.config_id.id):
        with Meter(session.env.cr) as meter:
            response[model] = session.env[model]._load_pos_data(response)
            session._load_pos_data_relations(model, response)
        profile[model] = meter
    return {
        model: {
            "records": len(response[model].get("data", [])),
            "fields": len(response[model].get("fields", [])),
            "bytes": len(json.dumps(response[model], default=json_default).encode()),
            "cpu": round(meter.cpu, 4),
            "queries": meter.queries,
        }
        for model, meter in profile.items()
    }


def measure(env):
    """The figures of this database, as a dict; nothing is kept."""
    admin = env.ref("base.user_admin")
    env = env(user=admin, context=dict(admin.context_get()))
    try:
        (session, every_product), cash = make_data(env)
        env.flush_all()
        load = measure_load(session)
        load_all = measure_load(every_product)
        env.invalidate_all()
        models = models_profile(session)
        products = env["product.product"].search([("name", "=like", "Article %")], limit=ORDERS * SYNC_ROUNDS)
        sync_times, sync_cpus, sync_queries = [], [], []
        # BENCH_PROFILE=<folder>: the last round's profile, <folder>/sync-<database>.prof
        profile_folder = os.environ.get("BENCH_PROFILE")
        for sync_round in range(SYNC_ROUNDS):
            wall = cpu = count = 0
            profiler = cProfile.Profile() if profile_folder and sync_round == SYNC_ROUNDS - 1 else None
            for index, product in enumerate(products[sync_round * ORDERS : (sync_round + 1) * ORDERS]):
                data = order_data(session, product, cash, sync_round * ORDERS + index)
                with Meter(env.cr) as meter:
                    if profiler:
                        profiler.enable()
                    env["pos.order"].sync_from_ui([data])
                    env.flush_all()
                    if profiler:
                        profiler.disable()
                wall, cpu, count = wall + meter.wall, cpu + meter.cpu, count + meter.queries
            if profiler:
                profiler.dump_stats(os.path.join(profile_folder, f"sync-{env.cr.dbname}.prof"))
            sync_times.append(wall)
            sync_cpus.append(cpu)
            sync_queries.append(count)
    finally:
        env.cr.rollback()
    return {
        "load_seconds": load[0],
        "load_cpu_seconds": load[1],
        "load_queries": load[2],
        "load_bytes": load[3],
        "load_all_cpu_seconds": load_all[1],
        "load_all_queries": load_all[2],
        "load_all_bytes": load_all[3],
        "sync_seconds": statistics.median(sync_times),
        "sync_cpu_seconds": statistics.median(sync_cpus),
        "sync_queries": statistics.median(sync_queries),
        "orders": ORDERS,
        "models": models,
    }


def main(env):
    print("RESULT " + json.dumps(measure(env)), flush=True)
