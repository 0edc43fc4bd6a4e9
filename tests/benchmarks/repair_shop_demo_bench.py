"""Opening the till and syncing plain orders with every addon installed, against
Odoo's POS alone, run inside `odoo shell` by `scripts/suite bench repair_shop_demo`.

The bench database has the demo shop, which depends on every addon of the suite,
with their demo data. A second database, made here from the same template, has
Odoo alone on the same modules: every Odoo module the suite's addons depend on
(``point_of_sale``, ``pos_loyalty``, ``sale_stock``, ``repair``...) and
``l10n_fr_pos_cert``, none of the suite's. ``pos_opening.measure`` runs in both on
the same generated data (1 000 products in a till category of their own, the
measured till showing that category, and 1 000 customers); a till showing every
product of each database is measured for information.

Targets (#19): the server time of the till's initial load and the bytes it sends,
<= 1.10 x Odoo alone each; syncing 200 plain orders, <= 1.10 x.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from benchmarks.pos_opening import measure

ROOT = Path(os.environ["SUITE_ROOT"])
sys.path.insert(0, str(ROOT / "scripts" / "lib"))
# the suite's own database helpers
import suite

ALONE_DB = "repair_suite_bench_pos_alone"


def measure_alone():
    suite.drop_database(ALONE_DB)
    suite.create_fresh_database(ALONE_DB, "en_US")
    try:
        subprocess.run(
            suite.odoo_command(
                "-d",
                ALONE_DB,
                "-i",
                ",".join(suite.odoo_modules_of_the_suite()),
                "--load-language",
                "fr_FR",
                "--stop-after-init",
                "--http-port",
                str(suite.free_port()),
                "--log-level",
                "warn",
            ),
            check=True,
        )
        shell = subprocess.run(
            suite.odoo_command("-d", ALONE_DB, "--no-http", "--log-level", "warn", command="shell"),
            input="from benchmarks.pos_opening import main\nmain(env)\n",
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        suite.drop_database(ALONE_DB)
    line = next(line for line in shell.stdout.splitlines() if line.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


suite_figures = measure(env)  # noqa: F821 (odoo shell's environment)
alone = measure_alone()
alone_models, suite_models = alone.pop("models"), suite_figures.pop("models")
print(f"Odoo alone ({', '.join(suite.odoo_modules_of_the_suite())}): {alone}")
print(f"with every addon:  {suite_figures}")
print("what the till loads, per model: records, fields, bytes, CPU s, queries (Odoo alone -> every addon)")
for model in sorted(set(alone_models) | set(suite_models)):
    a, b = alone_models.get(model), suite_models.get(model)
    row = " ".join(
        f"{key} {a[key] if a else '-'}->{b[key] if b else '-'}"
        for key in ("records", "fields", "bytes", "cpu", "queries")
    )
    print(f"  {model}: {row}")
# the targets are judged on server CPU time (this machine is shared), bytes and sync CPU
for key, label in (
    ("load_cpu_seconds", "till opening, server CPU time"),
    ("load_seconds", "till opening, wall time (for information)"),
    ("load_queries", "till opening, queries (for information)"),
    ("load_bytes", "till opening, bytes"),
    ("load_all_cpu_seconds", "till showing every product of the database, server CPU time (for information)"),
    ("load_all_bytes", "till showing every product of the database, bytes (for information)"),
    ("sync_cpu_seconds", f"sync of {alone['orders']} plain orders, server CPU time"),
    ("sync_seconds", f"sync of {alone['orders']} plain orders, wall time (for information)"),
    ("sync_queries", f"sync of {alone['orders']} plain orders, queries (for information)"),
):
    ratio = suite_figures[key] / alone[key] if alone[key] else float("inf")
    judged = "for information" not in label
    print(
        f"{label}: {suite_figures[key]} vs {alone[key]}: {ratio:.3f} x Odoo alone",
        ("(target <= 1.10) " + ("OK" if ratio <= 1.10 else "MISSED")) if judged else "",
    )
