"""What the benchmarks share: an emulator in a process of its own, as a remote
service would be, and the timing of the claim sending job against a bare loop."""

import contextlib
import gc
import statistics
import subprocess
import sys
import time

from odoo import api


@contextlib.contextmanager
def emulator_process(module, *args):
    """The emulator ``module`` (``odoo.addons.<addon>.tests.<name>``) served by its
    ``serve(*args)`` in a process of its own, on this shell's addons path: yields
    the address it prints."""
    import odoo.addons

    bootstrap = (
        "import importlib, sys, odoo.addons, odoo.tools; "
        "odoo.tools.config['test_enable'] = True; "
        f"odoo.addons.__path__[:] = {list(odoo.addons.__path__)!r}; "
        f"importlib.import_module({module!r}).serve(*sys.argv[1:])"
    )
    process = subprocess.Popen([sys.executable, "-c", bootstrap, *args], stdout=subprocess.PIPE, text=True)
    try:
        yield process.stdout.readline().strip()
    finally:
        process.terminate()
        process.wait()


def dispatch_rounds(registry, uid, rounds, count, make_claims, bare_loop):
    """Each round makes ``count`` claims with ``make_claims(env)`` and commits
    them, then, in a transaction of its own as the scheduler runs the job, times
    the sending job and ``bare_loop(env, claims)`` (in alternating order).
    Prints each round; returns the median of bare time / job time."""
    ratios = []
    for index in range(rounds):
        with registry.cursor() as cr:
            make_claims(api.Environment(cr, uid, {}))
        gc.collect()
        with registry.cursor() as cr:
            env = api.Environment(cr, uid, {})
            claims = env["eco.bonus.claim"].search([("state", "=", "pending")])
            assert len(claims) == count, len(claims)
            bare_time = bare_loop(env, claims) if index % 2 else None
            start = time.perf_counter()
            env["eco.bonus.claim"]._cron_send_pending(limit=count)
            env.flush_all()
            job_time = time.perf_counter() - start
            if bare_time is None:
                bare_time = bare_loop(env, claims)
            assert set(claims.mapped("state")) == {"sent"}, set(claims.mapped("state"))
        ratios.append(bare_time / job_time)
        print(
            f"dispatch: bare requests loop {count / bare_time:.1f} claims/s, "
            f"sending job {count / job_time:.1f} claims/s"
        )
    ratio = statistics.median(ratios)
    print(
        f"dispatch ratio (median of {rounds} rounds): {ratio:.3f} (target >= 0.9)", "OK" if ratio >= 0.9 else "MISSED"
    )
    return ratio
