"""Benchmark of the claim engine, run inside `odoo shell` by `scripts/suite bench`
(``env`` is the shell's environment, on a database of its own, dropped afterwards).
The engine's own fake connector (its tests) talks to its fake service, served in a
process of its own as a remote service would be; that service does not deduplicate,
so every claim created twice would show.

1. 500 claims with 20 % of the requests failing in every way (503, 500, connection
   dropped after storing, truncated body, 200 with ``{}``, timeout): the job runs,
   the retry dates are moved (no sleeping), until the queue drains. Target: 0
   duplicates, 0 lost.
2. A healthy run: 500 claims sent by one worker. Target: >= 20 claims/s.
3. Peak memory while sending 500 claims carrying two 2 MB photos each (read from
   the filestore, base64 in the request). Target: < 300 MB for the process.

Claims are committed as the job does in production (the database is dropped).
"""

import io
import resource
import time

from benchmarks.common import emulator_process
from PIL import Image

from odoo import SUPERUSER_ID, api

from odoo.addons.eco_bonus_claim.tests.fake_connector import fake_connector

CLAIMS = 500
SERVICE = "odoo.addons.eco_bonus_claim.tests.fake_connector"


def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def photo(seed, size=2 * 1024 * 1024):
    """A JPEG of about ``size`` bytes (noise compresses badly, as a sharp photo)."""
    image = Image.effect_noise((1900 + seed, 1400), 60).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=97)
    data = out.getvalue()
    return (data * (size // len(data) + 1))[:size] if len(data) < size else data


def make_claims(env, url, photos=()):
    organism = env["eco.organism"].search([("code", "=", "fake")], limit=1) or env["eco.organism"].create(
        {"name": "Bench", "code": "fake", "partner_id": env["res.partner"].create({"name": "Bench"}).id}
    )
    organism.write({"test_url": url, "timeout": 1})
    claims = env["eco.bonus.claim"].create(
        [{"organism_id": organism.id, "repair_amount": 80.0, "amount": 25.0} for _i in range(CLAIMS)]
    )
    if photos:
        env["ir.attachment"].create(
            [
                {"name": f"p{i}.jpg", "raw": raw, "description": "photo", "res_model": claims._name, "res_id": c.id}
                for c in claims
                for i, raw in enumerate(photos)
            ]
        )
    env.cr.commit()
    return claims


def creations(client):
    return client._request("GET", "/_emulator/creations")


def drain(env, claims):
    Claim = env["eco.bonus.claim"]
    for runs in range(1, 60):
        Claim._cron_send_pending()
        pending = claims.filtered(lambda c: c.state == "pending")
        if not pending:
            return runs
        env.cr.execute(
            "UPDATE eco_bonus_claim SET next_attempt_at = now() at time zone 'UTC' - interval '1 second'"
            " WHERE id = ANY(%s)",
            [pending.ids],
        )
        env.cr.commit()
        env.invalidate_all()
    raise AssertionError("the queue did not drain")


env = api.Environment(env.cr, SUPERUSER_ID, {})  # noqa: F821 (odoo shell)
with fake_connector(env):
    with emulator_process(SERVICE, "0.2") as url:
        claims = make_claims(env, url)
        start = time.perf_counter()
        runs = drain(env, claims)
        elapsed = time.perf_counter() - start
        counts = creations(claims.organism_id.sudo()._eco_client())
        duplicates = sum(1 for name in claims.mapped("name") if counts.get(name, 0) > 1)
        lost = sum(1 for claim in claims if claim.state != "sent" or counts.get(claim.name) != 1)
        print(
            f"failures 20 %: {CLAIMS} claims drained in {runs} runs, {elapsed:.1f} s;"
            f" {duplicates} duplicates, {lost} lost, {len(claims.filtered('review_reason'))} to review",
            "OK" if not duplicates and not lost else "MISSED",
        )

    with emulator_process(SERVICE, "0") as url:
        claims = make_claims(env, url)
        start = time.perf_counter()
        env["eco.bonus.claim"]._cron_send_pending()
        elapsed = time.perf_counter() - start
        assert set(claims.mapped("state")) == {"sent"}, set(claims.mapped("state"))
        rate = CLAIMS / elapsed
        print(
            f"healthy: {CLAIMS} claims in {elapsed:.1f} s, {rate:.1f} claims/s (target >= 20)",
            "OK" if rate >= 20 else "MISSED",
        )

        claims = make_claims(env, url, photos=(photo(0), photo(1)))
        env.invalidate_all()
        before = rss_mb()
        start = time.perf_counter()
        env["eco.bonus.claim"]._cron_send_pending()
        elapsed = time.perf_counter() - start
        assert set(claims.mapped("state")) == {"sent"}, set(claims.mapped("state"))
        peak = rss_mb()
        print(
            f"photos: {CLAIMS} claims with two 2 MB photos in {elapsed:.1f} s;"
            f" peak memory {peak:.0f} MB (before sending {before:.0f} MB, target < 300)",
            "OK" if peak < 300 else "MISSED",
        )
