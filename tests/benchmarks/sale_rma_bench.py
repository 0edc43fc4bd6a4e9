"""Benchmark of sale_rma, run inside `odoo shell` by `scripts/suite bench`
(``env`` is the shell's environment, on a database of its own, dropped afterwards).

An order of N products (2 of each) delivered and invoiced; one of each comes back.

- Ours: the RMA of N lines accepted (reception made with Odoo's return wizard),
  the reception validated, then the processing wizard restocking and refunding
  every line (internal transfer back to stock, credit note posted).
- Odoo's own: the return wizard on the delivery for the same N lines, the return
  validated (straight into stock), and the credit note Odoo's invoicing makes for
  the returned quantities (products invoiced on delivered quantities), posted.

The customer e-mails are switched off (Odoo's flow sends none; the acceptance
e-mail renders the slip as a PDF). Targets: SQL queries per line roughly constant from 50 to 200 lines (linear
growth, small constant), and our time <= 1.2 x Odoo's for 200 lines. Each run
is rolled back; the figures are the median of 3 runs.
"""

import statistics
import time

from odoo import Command

SIZES = (50, 100, 200)
RUNS = 3


def make_order(env, products):
    order = env["sale.order"].create(
        {
            "partner_id": env.ref("base.res_partner_2").id,
            "order_line": [
                Command.create({"product_id": product.id, "product_uom_qty": 2, "price_unit": 10.0})
                for product in products
            ],
        }
    )
    order.action_confirm()
    picking = order.picking_ids
    for move in picking.move_ids:
        move.quantity = move.product_uom_qty
    picking.move_ids.picked = True
    picking.with_context(skip_sms=True).button_validate()
    order._create_invoices().action_post()
    env.flush_all()
    return order


def validate(pickings):
    for move in pickings.move_ids:
        move.quantity = move.product_uom_qty
    pickings.move_ids.picked = True
    pickings.with_context(skip_sms=True).button_validate()


def ours(env, order):
    rma = env["sale.rma"].create(
        {
            "order_id": order.id,
            "line_ids": [Command.create({"order_line_id": line.id, "quantity": 1}) for line in order.order_line],
        }
    )
    rma.action_accept()
    validate(rma.picking_ids)
    wizard = env["sale.rma.process"].create({"rma_id": rma.id})
    wizard.line_ids.write({"qty_restock": 1.0, "qty_refund": 1.0})
    wizard.action_complete()
    assert rma.state == "done" and rma.refund_ids.state == "posted", rma.state
    assert len(rma.refund_ids.invoice_line_ids) == len(order.order_line)


def odoo(env, order):
    wizard = env["stock.return.picking"].create({"picking_id": order.picking_ids.id})
    wizard.product_return_moves.write({"quantity": 1})
    returned = wizard._create_return()
    validate(returned)
    refund = order._create_invoices(final=True)
    refund.action_post()
    assert refund.move_type == "out_refund" and len(refund.invoice_line_ids) == len(order.order_line)


def measure(env, flow, size, products):
    order = make_order(env, products[:size])
    env.invalidate_all()
    queries = env.cr.sql_log_count
    start = time.perf_counter()
    flow(env, order)
    env.flush_all()
    return time.perf_counter() - start, env.cr.sql_log_count - queries


admin_env = env(user=env.ref("base.user_admin"))  # noqa: F821 (odoo shell)
products = admin_env["product.product"].create(
    [
        {"name": f"Article {i:03}", "is_storable": True, "invoice_policy": "delivery", "list_price": 10.0}
        for i in range(max(SIZES))
    ]
)
stock = admin_env["stock.warehouse"].search([("company_id", "=", admin_env.company.id)], limit=1).lot_stock_id
for product in products:
    admin_env["stock.quant"]._update_available_quantity(product, stock, 1000)
# the e-mails (the acceptance one renders the slip with wkhtmltopdf) are not part
# of the processing compared here: Odoo's flow sends none
admin_env.company.rma_notify_customer = False
admin_env.flush_all()
admin_env.cr.commit()

results = {}
for size in SIZES:
    for name, flow in (("sale_rma", ours), ("odoo", odoo)):
        times, counts = [], []
        for _run in range(RUNS):
            elapsed, count = measure(admin_env, flow, size, products)
            admin_env.cr.rollback()
            admin_env.invalidate_all()
            times.append(elapsed)
            counts.append(count)
        results[name, size] = (statistics.median(times), statistics.median(counts))
        print(
            f"{name:8} {size:3} lines: {results[name, size][0]:.2f} s, {results[name, size][1]} queries "
            f"({results[name, size][1] / size:.1f} per line)"
        )
per_line = [results["sale_rma", size][1] / size for size in SIZES]
growth = (results["sale_rma", SIZES[-1]][1] - results["sale_rma", SIZES[0]][1]) / (SIZES[-1] - SIZES[0])
print(f"queries per added line from {SIZES[0]} to {SIZES[-1]} lines: {growth:.1f} (per line: {per_line})")
ratio = results["sale_rma", SIZES[-1]][0] / results["odoo", SIZES[-1]][0]
print(f"time ratio at {SIZES[-1]} lines: {ratio:.2f} (target <= 1.2)", "OK" if ratio <= 1.2 else "MISSED")
