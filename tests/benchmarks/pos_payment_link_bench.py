"""Benchmark of pos_payment_link, run inside `odoo shell` by `scripts/suite bench`
(``env`` is the shell's environment, on a database of its own, dropped afterwards).

500 payment links (deposits on orders, wallet top-ups, account settlements, in
turn) are created and e-mailed, then each is paid through Odoo's demo provider: its
notification (``_handle_notification_data``) and the post-processing that credits,
reconciles or flags. Each notification is then replayed twice, post-processing
included, as a provider repeating itself would cause at worst.

Targets: the queries of a first notification do not grow with the number of links
(the last 50 links cost what the first 50 did, per purpose), and a replayed
notification costs at most 0.3 x a first one.
"""

import statistics
import time

from odoo import SUPERUSER_ID, Command, api
from odoo.modules.registry import Registry

LINKS = 500
SAMPLE = 50

# the demo provider (payment_demo, a dependency of the addon) is switched to test mode here
env.cr.commit()  # noqa: F821
registry = Registry(env.cr.dbname)  # noqa: F821
cr = registry.cursor()
env = api.Environment(cr, SUPERUSER_ID, {})
company = env.company
bank = env["account.journal"].search([("type", "=", "bank"), ("company_id", "=", company.id)], limit=1)
provider = env.ref("payment.payment_provider_demo")
provider.write({"state": "test", "is_published": True, "journal_id": bank.id})
provider.payment_method_ids.active = True
method = provider.payment_method_ids[:1]

product = env["product.product"].create({"name": "Retouche", "list_price": 80.0, "taxes_id": [Command.clear()]})
top_up = env["product.product"].create({"name": "Recharge cagnotte", "type": "service"})
wallet = env["loyalty.program"].create(
    {
        "name": "Cagnotte",
        "program_type": "ewallet",
        "rule_ids": [
            Command.clear(),
            Command.create({"reward_point_amount": 1, "reward_point_mode": "money", "product_ids": top_up.ids}),
        ],
    }
)
purposes = ("deposit", "wallet", "settlement")


def link_values(index):
    partner = env["res.partner"].create({"name": f"Client {index}", "email": f"client{index}@example.com"})
    purpose = purposes[index % 3]
    values = {"purpose": purpose, "partner_id": partner.id}
    if purpose == "deposit":
        order = env["sale.order"].create(
            {"partner_id": partner.id, "order_line": [Command.create({"product_id": product.id})]}
        )
        order.action_confirm()
        values.update(sale_order_id=order.id, amount=30.0)
    elif purpose == "wallet":
        values.update(loyalty_program_id=wallet.id, amount=25.0)
    else:
        invoice = env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_line_ids": [Command.create({"name": "Réparation", "price_unit": 45.0, "tax_ids": []})],
            }
        )
        invoice.action_post()
        values.update(env["pos.payment.link"]._settlement_values(invoice.line_ids.filtered("debit")))
    return values


# --- creating and sending -------------------------------------------------------------
prepared = [link_values(index) for index in range(LINKS)]
env.flush_all()
links = env["pos.payment.link"]
queries = cr.sql_log_count
start = time.perf_counter()
for values in prepared:
    link = env["pos.payment.link"].create(values)
    link._send("email", link.partner_id.email)
    links |= link
env.flush_all()
elapsed = time.perf_counter() - start
print(
    f"create and send {LINKS} links: {elapsed:.2f} s ({elapsed / LINKS * 1000:.1f} ms, "
    f"{(cr.sql_log_count - queries) / LINKS:.0f} queries per link)"
)
assert set(links.mapped("state")) == {"sent"}

transactions = env["payment.transaction"]
for link in links:
    transactions |= env["payment.transaction"].create(
        {
            "provider_id": provider.id,
            "payment_method_id": method.id,
            "reference": link.name,
            "amount": link.amount,
            "currency_id": link.currency_id.id,
            "partner_id": link.partner_id.id,
            "operation": "online_direct",
            "payment_link_id": link.id,
        }
    )
env.flush_all()


def notify(tx):
    """The provider's notification, then the post-processing; (seconds, queries)."""
    env.invalidate_all()
    queries = cr.sql_log_count
    start = time.perf_counter()
    tx = env["payment.transaction"]._handle_notification_data(
        "demo", {"reference": tx.reference, "simulated_state": "done"}
    )
    tx._post_process()
    env.flush_all()
    return time.perf_counter() - start, cr.sql_log_count - queries


first = [notify(tx) for tx in transactions]
replays = [notify(tx) for _round in range(2) for tx in transactions]

# --- what the customers got ------------------------------------------------------------
env.invalidate_all()
assert set(links.mapped("state")) == {"paid"}, set(links.mapped("state"))
deposits = links.filtered(lambda link: link.purpose == "deposit")
assert all(order.payment_link_deposit_state == "received" for order in deposits.sale_order_id)
wallet_links = links.filtered(lambda link: link.purpose == "wallet")
assert wallet_links.loyalty_card_id.mapped("points") == [25.0] * len(wallet_links), "a wallet credited twice"
assert len(env["loyalty.history"].search([("card_id", "in", wallet_links.loyalty_card_id.ids)])) == len(wallet_links)
settled = links.filtered(lambda link: link.purpose == "settlement")
assert all(line.reconciled for line in settled.move_line_ids)
assert len(transactions.payment_id) == LINKS
assert env["account.payment"].search_count([("payment_transaction_id", "in", transactions.ids)]) == LINKS

print(f"{LINKS} first notifications: {sum(t for t, _q in first):.2f} s")
growth_ok = True
for offset, purpose in enumerate(purposes):
    costs = first[offset::3]
    head = [q for _t, q in costs[: SAMPLE // 3 + 1]]
    tail = [q for _t, q in costs[-(SAMPLE // 3 + 1) :]]
    head_q, tail_q = statistics.median(head), statistics.median(tail)
    growth_ok = growth_ok and tail_q <= head_q
    print(
        f"{purpose}: first notification {statistics.median(t for t, _q in costs) * 1000:.1f} ms, "
        f"queries {head_q:.0f} (first links) -> {tail_q:.0f} (last links)"
    )
first_time = statistics.median(t for t, _q in first)
replay_time = statistics.median(t for t, _q in replays)
replay_queries = statistics.median(q for _t, q in replays)
ratio = replay_time / first_time
print(
    f"queries per first notification constant over {LINKS} links:",
    "OK" if growth_ok else "MISSED",
)
print(
    f"replayed notification: {replay_time * 1000:.2f} ms, {replay_queries:.0f} queries, "
    f"{ratio:.3f} x a first one ({first_time * 1000:.1f} ms) (target <= 0.3)",
    "OK" if ratio <= 0.3 else "MISSED",
)
cr.rollback()
cr.close()
