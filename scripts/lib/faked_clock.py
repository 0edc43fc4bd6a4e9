"""``python faked_clock.py ARGS``: ``python -m odoo ARGS`` for a run under libfaketime
(SUITE_CLOCK, scripts/lib/suite.py).

Odoo runs with FAKETIME_DONT_FAKE_MONOTONIC=1: with its monotonic clock shifted too,
libfaketime 0.9.10 (Debian 12) hangs every timed wait of Python's threads
(threading.Event.wait). Unshifted, the waits work but Python's time.sleep fails with
EINVAL (libfaketime shifts the absolute deadline of clock_nanosleep on the monotonic
clock all the same): time.sleep here waits through select(), which libfaketime
leaves alone. The wall clock, the one the tests are about, is shifted either way.
"""

import runpy
import select
import sys
import time


def sleep(seconds):
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    select.select([], [], [], seconds)


time.sleep = sleep
sys.argv = ["odoo", *sys.argv[1:]]
runpy.run_module("odoo", run_name="__main__", alter_sys=True)
