"""What a cashier waits for, measured the same way on any database (imported by
``repair_shop_demo_bench.py`` in two ``odoo shell`` sessions: one with every addon,
one with Odoo's POS alone):

- opening the till: the server time of ``pos.session.load_data``, the one call the
  till makes for its initial data, and the bytes of its JSON answer;
- syncing 200 plain orders through ``pos.order.sync_from_ui``, one order per call
  as the till sends them.

Both run on the same data, made here from a fixed seed: a till of its own without
category limits, 1 000 products and 1 000 customers. Everything is rolled back.
"""

import json
import random
import statistics
import time
import uuid

from odoo import Command, fields
from odoo.tools import json_default

PRODUCTS = 1000
CUSTOMERS = 1000
LOAD_RUNS = 7
ORDERS = 200


def make_data(env):
    rnd = random.Random(7)
    env["product.product"].create(
        [
            {
                "name": f"Article {index:04d}",
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
    # a till has a cash method of its own
    cash = env["pos.config"]._create_cash_payment_method({"name": "Cash Bench", "show_on_dashboard": False})
    config = env["pos.config"].create({"name": "Bench", "payment_method_ids": [Command.set(cash.ids)]})
    config.open_ui()
    session = config.current_session_id
    session.set_opening_control(0, None)
    return session, cash


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


def measure(env):
    """The figures of this database, as a dict; nothing is kept."""
    admin = env.ref("base.user_admin")
    env = env(user=admin, context=dict(admin.context_get()))
    try:
        session, cash = make_data(env)
        env.flush_all()
        env.invalidate_all()
        times, size = [], 0
        for run in range(LOAD_RUNS + 1):
            env.invalidate_all()
            start = time.perf_counter()
            response = session.load_data([])
            body = json.dumps({"jsonrpc": "2.0", "id": 1, "result": response}, default=json_default)
            elapsed = time.perf_counter() - start
            if run:  # the first run warms the caches, as the server's first till of the day
                times.append(elapsed)
            size = len(body.encode())
        products = env["product.product"].search([("name", "=like", "Article %")], limit=ORDERS)
        sync_times = []
        for index, product in enumerate(products):
            data = order_data(session, product, cash, index)
            start = time.perf_counter()
            env["pos.order"].sync_from_ui([data])
            env.flush_all()
            sync_times.append(time.perf_counter() - start)
    finally:
        env.cr.rollback()
    return {
        "load_seconds": statistics.median(times),
        "load_bytes": size,
        "sync_seconds": sum(sync_times),
        "orders": len(sync_times),
    }


def main(env):
    print("RESULT " + json.dumps(measure(env)), flush=True)
