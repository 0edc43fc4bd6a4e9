"""Benchmark of pos_repair_bonus, run inside `odoo shell` by `scripts/suite bench`
(``env`` is the shell's environment, on a database of its own, dropped afterwards).

1. Sync speed: 200 plain POS orders, then 200 orders of which 100 carry a Refashion
   bonus with 2 photos each, through ``pos.order.sync_from_ui`` one order per call
   as the till sends them. Target: ratio <= 1.15 (image work, PDF and HTTP happen
   later, in the queue).
   Plain and bonus batches alternate (10 rounds of 20 orders each) so that the
   machine's drift weighs on both alike.
2. Dispatch throughput: 100 claims sent by the sending job to the Refashion
   emulator on 127.0.0.1 (in a process of its own, as a remote service would be),
   against a bare ``requests`` loop posting the same payloads to it, in a
   transaction of its own as the scheduler runs the job; median of 5 rounds.
   Target: >= 0.9.

The sync's orders are rolled back; the dispatch rounds commit their claims (the
benchmark's database is dropped afterwards).
"""

import base64
import io
import random
import statistics
import time
import uuid

import requests
from benchmarks.common import dispatch_rounds, emulator_process
from PIL import Image, ImageFilter

from odoo import Command, fields

from odoo.addons.eco_bonus_claim.services.client import read_files

ORDERS = 200
BONUS_ORDERS = 100
ROUNDS = 10
CLAIMS = 100
DISPATCH_ROUNDS = 5


def photo_bytes(seed):
    """A 1280 x 960 JPEG, as the till sends a phone photo after scaling it down to
    the company's default size: a textured surface, harder to compress than most
    photos of a shoe, but not pure noise (which no camera gives)."""
    rnd = random.Random(seed)
    image = Image.effect_noise((1280, 960), 20).convert("RGB").filter(ImageFilter.GaussianBlur(0.8))
    image.paste((rnd.randrange(256), 90, 60), (0, 0, 320, 240))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def setup(env):
    config = env.ref("point_of_sale.pos_config_main")
    organism = config.refashion_organism_id
    assert organism, "the demo Refashion account is associated with the main point of sale"
    product = env.ref("pos_repair_bonus.product_ressemelage_cuir")
    product.taxes_id = [Command.clear()]
    leather = env.ref("pos_repair_bonus.type_shoes_ressemelage_cuir")
    if config.current_session_id:
        config.current_session_id.action_pos_session_closing_control()
    config.open_ui()
    session = config.current_session_id
    session.set_opening_control(0, None)
    cash = config.payment_method_ids.filtered("is_cash_count")[:1]
    return config, session, organism, product, leather, cash


def order_data(session, product, cash, bonus_method=None, leather=None, photos=()):
    line = {
        "uuid": str(uuid.uuid4()),
        "product_id": product.id,
        "qty": 1,
        "price_unit": 59.0,
        "price_subtotal": 59.0,
        "price_subtotal_incl": 59.0,
        "discount": 0,
        "tax_ids": [],
        "pack_lot_ids": [],
    }
    payments = [Command.create({"amount": 59.0, "payment_method_id": cash.id, "name": fields.Datetime.now()})]
    if bonus_method:
        line["eco_bonus_repair_type_ids"] = [Command.set(leather.ids)]
        line["eco_bonus_photo_ids"] = [Command.create({"name": f"p{i}.jpg", "image": p}) for i, p in enumerate(photos)]
        payments = [
            Command.create({"amount": 34.0, "payment_method_id": cash.id, "name": fields.Datetime.now()}),
            Command.create({"amount": 25.0, "payment_method_id": bonus_method.id, "name": fields.Datetime.now()}),
        ]
    order_uuid = str(uuid.uuid4())
    return {
        "uuid": order_uuid,
        "name": f"Order {order_uuid}",
        "session_id": session.id,
        "sequence_number": 1,
        "user_id": session.user_id.id,
        "pricelist_id": session.config_id.pricelist_id.id,
        "fiscal_position_id": False,
        "date_order": fields.Datetime.to_string(fields.Datetime.now()),
        "amount_paid": 59.0,
        "amount_return": 0,
        "amount_tax": 0,
        "amount_total": 59.0,
        "lines": [Command.create(line)],
        "payment_ids": payments,
        "partner_id": False,
        "to_invoice": False,
        "last_order_preparation_change": "{}",
    }


def time_sync(env, orders):
    env.flush_all()
    start = time.perf_counter()
    for data in orders:
        env["pos.order"].sync_from_ui([data])
        env.flush_all()
    return time.perf_counter() - start


def bench_sync(env):
    _config, session, organism, product, leather, cash = setup(env)
    photos = [base64.b64encode(photo_bytes(seed)).decode() for seed in range(4)]
    print(f"photos: {sum(len(p) for p in photos) * 3 // 4 // 4 // 1024} kB each on average")
    # warm-up: caches, first attachment, first claim
    time_sync(
        env, [order_data(session, product, cash, organism.payment_method_id, leather, photos[:2]) for _ in range(5)]
    )
    time_sync(env, [order_data(session, product, cash) for _ in range(5)])
    per_round = ORDERS // ROUNDS
    plain_times, mixed_times = [], []
    for round_index in range(ROUNDS):
        plain = [order_data(session, product, cash) for _ in range(per_round)]
        mixed = [
            order_data(session, product, cash, organism.payment_method_id, leather, photos[i % 2 * 2 : i % 2 * 2 + 2])
            if i % 2
            else order_data(session, product, cash)
            for i in range(per_round)
        ]
        if round_index % 2:
            mixed_times.append(time_sync(env, mixed))
            plain_times.append(time_sync(env, plain))
        else:
            plain_times.append(time_sync(env, plain))
            mixed_times.append(time_sync(env, mixed))
    env["pos.order"]._eco_bonus_create_pending_claims()
    claims = env["eco.bonus.claim"].search([("pos_order_id.session_id", "=", session.id)])
    assert len(claims) == BONUS_ORDERS + 5, len(claims)
    assert set(claims.mapped("state")) == {"pending"}, set(claims.mapped("state"))
    ratio = statistics.median(m / p for m, p in zip(mixed_times, plain_times, strict=True))
    return sum(plain_times), sum(mixed_times), ratio


def make_claims(env, url):
    """100 claims with two photos each, to the emulator at ``url``."""
    organism = env.ref("point_of_sale.pos_config_main").refashion_organism_id
    leather = env.ref("pos_repair_bonus.type_shoes_ressemelage_cuir")
    organism.write({"test_url": url, "environment": "test", "secret": "bench", "login": "bench@example.fr"})
    env["eco.bonus.claim"].search([("state", "=", "pending")]).write({"state": "cancelled"})
    claims = env["eco.bonus.claim"].create(
        [
            {
                "organism_id": organism.id,
                "repair_amount": 59.0,
                "amount": 25.0,
                "line_ids": [Command.create({"repair_type_id": leather.id, "amount": 25.0})],
            }
            for _ in range(CLAIMS)
        ]
    )
    photo = photo_bytes(7)
    env["ir.attachment"].create(
        [
            {"name": f"p{i}.jpg", "raw": photo, "description": "photo", "res_model": claims._name, "res_id": c.id}
            for c in claims
            for i in range(2)
        ]
    )
    return organism, claims


def bare_loop(env, claims, url):
    """What the sending job is compared with: the same requests, one after the
    other, from payloads made beforehand."""
    organism = env.ref("point_of_sale.pos_config_main").refashion_organism_id
    client = organism.sudo()._eco_client()
    bodies = [(claim._eco_payload(), read_files(claim._eco_attachments())) for claim in claims[:10]]
    session = requests.Session()
    headers = client._headers()
    start = time.perf_counter()
    for i in range(CLAIMS):
        payload, attachments = bodies[i % 10]
        body = dict(
            payload,
            reference=f"bare-{time.monotonic_ns()}-{i}",
            attachments=[
                {"file_name": n, "mimetype": m, "kind": k, "content": base64.b64encode(c).decode()}
                for n, m, c, k in attachments
            ],
        )
        session.post(f"{url}/claims", json=body, headers=headers, timeout=10).raise_for_status()
    return time.perf_counter() - start


# the shell's superuser cannot open a POS session: the administrator does
admin_env = env(user=env.ref("base.user_admin"))  # noqa: F821 (odoo shell)
plain_time, mixed_time, sync_ratio = bench_sync(admin_env)
admin_env.cr.rollback()

print(f"sync: {ORDERS} plain orders {plain_time:.2f} s ({plain_time / ORDERS * 1000:.1f} ms/order)")
print(
    f"sync: {ORDERS} orders, {BONUS_ORDERS} with a bonus and 2 photos {mixed_time:.2f} s "
    f"({mixed_time / ORDERS * 1000:.1f} ms/order)"
)
print(
    f"sync ratio (median of {ROUNDS} rounds): {sync_ratio:.3f} (target <= 1.15)",
    "OK" if sync_ratio <= 1.15 else "MISSED",
)
with emulator_process("odoo.addons.pos_repair_bonus.tests.refashion_emulator", "bench") as emulator_url:
    dispatch_rounds(
        admin_env.registry,
        admin_env.uid,
        DISPATCH_ROUNDS,
        CLAIMS,
        lambda env: make_claims(env, emulator_url),
        lambda env, claims: bare_loop(env, claims, emulator_url),
    )
