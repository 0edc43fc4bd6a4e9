"""Run and test driver of the suite, started by scripts/suite inside the virtualenv.

- ``run``: creates once a French demo database with every addon (updating those
  whose files changed since the last run), then serves it.
- ``test``: a fresh database, every addon installed with ``l10n_fr_pos_cert``, every
  addon's tests (Python and tours); fails on a failed test, a test error, or an
  ERROR/CRITICAL log line that no test expected (tests that provoke one mute it with
  ``odoo.tools.mute_logger``). Ends with the line ``N passed, N failed``.
- ``i18n``: exports each addon's terms (``.pot``) and merges them into ``fr.po``.
- ``bench``: the benchmarks of tests/benchmarks, on a database of their own.
- ``odoo``: odoo-bin with the suite's configuration.
"""

import argparse
import configparser
import contextlib
import hashlib
import json
import os
import pathlib
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import psycopg2

ROOT = pathlib.Path(os.environ["SUITE_ROOT"])
STATE = ROOT / ".suite"
CONF = STATE / "odoo.conf"
ADDONS_DIR = ROOT / "addons"
TEST_ADDONS_DIR = ROOT / "tests" / "addons"
# The French chart of accounts goes in first: Odoo applies a chart only once the
# registry is loaded, and the POS demo data needs its bank journal.
CHART_MODULES = ["l10n_fr_account"]
# the inalterability of POS orders the French shops run with
PLATFORM_MODULES = ["l10n_fr", "l10n_fr_pos_cert"]
# what the tests pay with: Odoo's in-house demo payment provider, never installed for users
TEST_ONLY_MODULES = ["payment_demo"]
TEMPLATE_FILESTORES = (
    pathlib.Path(os.environ.get("XDG_CACHE_HOME") or pathlib.Path.home() / ".cache") / "odoo-repair-suite" / "filestore"
)
DEMO_DB = "repair_suite"
RUN_DB = os.environ.get("DB", DEMO_DB)
# what the sandbox adds to the demo: Odoo's demo payment provider, shown in test mode
SANDBOX_MODULES = ["payment_demo"]
TEST_DB = os.environ.get("TEST_DB", "repair_suite_test")

LOG_LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) (?P<db>\S+) (?P<logger>[\w.]+): (?P<msg>.*)"
)
# loggers through which Odoo reports the failures of the tests themselves
TEST_LOGGER = re.compile(r"^odoo\.(tests(\.|$)|addons\.[\w.]+\.tests(\.|$))")
# the summaries Odoo logs as errors after failed tests: counted through the tests
# Odoo only warns when an addon's demo data fails, and installs it without: a defect
DEMO_FAILED = re.compile(r"demo data failed to install")
TEST_SUMMARY = re.compile(
    r"^Module \w+: \d+ failures, \d+ errors of \d+ tests"
    r"|^At least one test failed"
    r"|at least one error occurred in a test"
)
REPORT = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database")


def config():
    parser = configparser.ConfigParser()
    parser.read(CONF)
    return parser["options"]


def addons_in(folder):
    return sorted(p.parent.name for p in folder.glob("*/__manifest__.py"))


def odoo_command(*args, addons_path=None, command=None):
    cmd = [sys.executable, "-m", "odoo", *([command] if command else []), "-c", str(CONF)]
    if addons_path:
        cmd += ["--addons-path", addons_path]
    return cmd + list(args)


def connect(dbname="postgres"):
    options = config()
    conn = psycopg2.connect(
        dbname=dbname,
        host=options["db_host"],
        port=options["db_port"],
        user=options["db_user"],
        password=options["db_password"],
    )
    conn.autocommit = True
    return contextlib.closing(conn)


def database_exists(name):
    with connect() as conn, conn.cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return bool(cr.fetchone())


def drop_database(name):
    with connect() as conn, conn.cursor() as cr:
        cr.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    shutil.rmtree(STATE / "data" / "filestore" / name, ignore_errors=True)


def create_database(name, lang):
    """Create ``name`` the way Odoo's database manager does (demo data, ``lang``
    for the administrator, a French main company in euros, admin / admin), with
    the French chart of accounts."""
    code = (
        "import sys, odoo\n"
        "odoo.tools.config.parse_config(['-c', sys.argv[1], '--log-level', 'warn'])\n"
        "odoo.service.db.exp_create_database(sys.argv[2], True, sys.argv[3], 'admin', 'admin', 'FR')\n"
    )
    subprocess.run([sys.executable, "-c", code, str(CONF), name, lang], check=True)
    subprocess.run(
        odoo_command("-d", name, "-i", ",".join(CHART_MODULES), "--stop-after-init", "--http-port", str(free_port())),
        check=True,
    )


def template_name(lang):
    """The pristine database for ``lang`` and this Odoo source: only Odoo's own
    modules, none of the suite's, so a copy of it is a fresh database."""
    import odoo.release

    source = pathlib.Path(odoo.release.__file__).resolve()
    key = hashlib.sha256(f"{source}|{source.read_text()}|{lang}|{CHART_MODULES}".encode()).hexdigest()[:10]
    return f"repair_suite_template_{key}"


def create_fresh_database(name, lang):
    """``name`` as :func:`create_database` makes it, copied from a template kept
    between runs (making one takes a minute, copying it a few seconds)."""
    template = template_name(lang)
    # the template lives in this machine's PostgreSQL: its files live beside it in the
    # machine's cache, not in this clone
    template_files = TEMPLATE_FILESTORES / template
    if not database_exists(template) or not template_files.exists():
        print(f"[suite] preparing the template database {template} (once per Odoo source)", flush=True)
        drop_database(template)
        create_database(f"{template}_partial", lang)
        with connect() as conn, conn.cursor() as cr:
            cr.execute(f'ALTER DATABASE "{template}_partial" RENAME TO "{template}"')
        shutil.rmtree(template_files, ignore_errors=True)
        template_files.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(STATE / "data" / "filestore" / f"{template}_partial", template_files)
    with connect() as conn, conn.cursor() as cr:
        cr.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    shutil.copytree(template_files, STATE / "data" / "filestore" / name)


def installed_modules(dbname):
    with connect(dbname) as conn, conn.cursor() as cr:
        cr.execute("SELECT name FROM ir_module_module WHERE state = 'installed'")
        return {row[0] for row in cr.fetchall()}


def addon_fingerprint(folder):
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cmd_odoo(args):
    # `scripts/suite odoo shell -d db`: Odoo's sub-command goes before the options
    command = args[0] if args and not args[0].startswith("-") else None
    os.execv(sys.executable, odoo_command(*args[1 if command else 0 :], command=command))


def cmd_run(args):
    sandbox = args.sandbox if args.sandbox is not None else RUN_DB == DEMO_DB
    modules = PLATFORM_MODULES + addons_in(ADDONS_DIR) + (SANDBOX_MODULES if sandbox else [])
    port = os.environ.get("HTTP_PORT", "8069")
    if not database_exists(RUN_DB):
        print(f"[suite] creating the database {RUN_DB} (French company, demo data)", flush=True)
        create_database(RUN_DB, "fr_FR")
    missing = set(modules) - installed_modules(RUN_DB)
    if missing:
        print(f"[suite] installing {', '.join(sorted(missing))}", flush=True)
        subprocess.run(
            odoo_command("-d", RUN_DB, "-i", ",".join(sorted(missing)), "--stop-after-init", "--http-port", port),
            check=True,
        )
    # addons whose files changed since the last run are updated in the database
    stamps_path = STATE / f"run-{RUN_DB}.json"
    stamps = json.loads(stamps_path.read_text()) if stamps_path.exists() else {}
    current = {addon: addon_fingerprint(ADDONS_DIR / addon) for addon in addons_in(ADDONS_DIR)}
    changed = sorted(a for a, stamp in current.items() if a not in missing and stamps.get(a) != stamp)
    if changed:
        print(f"[suite] updating {', '.join(changed)}", flush=True)
        subprocess.run(
            odoo_command("-d", RUN_DB, "-u", ",".join(changed), "--stop-after-init", "--http-port", port), check=True
        )
    stamps_path.write_text(json.dumps(current))

    def interrupt(*_args):
        raise KeyboardInterrupt

    # a stop asked by a signal ends the server and the sandbox as Ctrl+C does
    signal.signal(signal.SIGTERM, interrupt)
    with contextlib.ExitStack() as stack:
        if sandbox:
            start_sandbox(stack)
        server = subprocess.Popen(odoo_command("-d", RUN_DB, "--http-port", port, "--db-filter", f"^{RUN_DB}$"))
        try:
            wait_until_up(server, f"http://localhost:{port}", sandbox)
            sys.exit(server.wait())
        except KeyboardInterrupt:
            server.send_signal(signal.SIGINT)
            sys.exit(server.wait())


def wait_until_up(server, url, sandbox):
    for _attempt in range(120):
        if server.poll() is not None:
            sys.exit(server.returncode)
        try:
            urllib.request.urlopen(f"{url}/web/login", timeout=2)
            break
        except OSError:
            time.sleep(1)
    mode = "sandbox: claims and payments go to emulators, nothing real" if sandbox else "no sandbox"
    print(
        f"\n[suite] Odoo is up: {url}  (database {RUN_DB}, login admin, password admin; {mode})\n"
        "[suite] Ctrl+C stops it.\n",
        flush=True,
    )


def start_sandbox(stack):
    """The eco-organisms' emulators in a process beside the server, and the demo
    database pointed at them (``scripts/lib/sandbox.py``); stopped with the server."""
    script = ROOT / "scripts" / "lib" / "sandbox.py"
    emulators = subprocess.Popen([sys.executable, str(script), "serve", str(CONF)], stdout=subprocess.PIPE, text=True)
    stack.callback(emulators.wait)
    stack.callback(emulators.terminate)
    urls = emulators.stdout.readline().strip()
    if not urls:
        sys.exit("[suite] the sandbox's emulators did not start")
    with open(script) as configure:
        subprocess.run(
            odoo_command("-d", RUN_DB, "--no-http", "--log-level", "warn", command="shell"),
            stdin=configure,
            env=dict(os.environ, REPAIR_SANDBOX_URLS=urls),
            check=True,
        )


def cmd_test(args):
    available = addons_in(ADDONS_DIR) + addons_in(TEST_ADDONS_DIR)
    wanted = [a for a in re.split(r"[,\s]+", " ".join(args.addons) or os.environ.get("ADDONS", "")) if a]
    unknown = set(wanted) - set(available)
    if unknown:
        sys.exit(f"[suite] unknown addons: {', '.join(sorted(unknown))} (known: {', '.join(available)})")
    targets = wanted or available
    addons_path = f"{config()['addons_path']},{TEST_ADDONS_DIR}"

    print(f"[suite] fresh database {TEST_DB} for: {', '.join(targets)}", flush=True)
    drop_database(TEST_DB)
    drop_database(f"{template_name('en_US')}_partial")
    try:
        create_fresh_database(TEST_DB, "en_US")
    except subprocess.CalledProcessError as error:
        print(f"[suite] the test database could not be created: {error}")
        print("0 passed, 1 failed", flush=True)
        sys.exit(1)

    log_dir = STATE / "logs"
    log_dir.mkdir(exist_ok=True)
    log_path = log_dir / "test.log"
    env = dict(os.environ)
    command = odoo_command(
        "-d",
        TEST_DB,
        "-i",
        ",".join(PLATFORM_MODULES + TEST_ONLY_MODULES + targets),
        "--load-language",
        "fr_FR",
        "--test-enable",
        "--test-tags",
        ",".join(f"/{addon}" for addon in targets),
        "--stop-after-init",
        "--http-interface",
        "127.0.0.1",
        "--http-port",
        str(free_port()),
        "--log-level",
        "info",
        "--max-cron-threads",
        "0",
        addons_path=addons_path,
    )
    report = None
    unexpected = []
    failures = []
    with open(log_path, "w") as log:
        process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for line in process.stdout:
            sys.stdout.write(line)
            log.write(line)
            match = LOG_LINE.match(line)
            if not match:
                continue
            if match["logger"] == "odoo.tests.result" and REPORT.search(match["msg"]):
                report = tuple(int(n) for n in REPORT.search(match["msg"]).groups())
            elif match["level"] in ("ERROR", "CRITICAL") or DEMO_FAILED.search(match["msg"]):
                if TEST_LOGGER.match(match["logger"]):
                    if match["msg"].startswith(("FAIL:", "ERROR:")):
                        failures.append(match["msg"])
                elif not TEST_SUMMARY.search(match["msg"]):
                    unexpected.append(line.rstrip())
        returncode = process.wait()

    print("\n[suite] ---- summary ----------------------------------------------")
    print(f"[suite] full log: {log_path}")
    for failure in failures:
        print(f"[suite] {failure}")
    for line in unexpected:
        print(f"[suite] unexpected log line: {line}")
    if report is None:
        print("[suite] Odoo stopped before reporting its tests (see the log above)")
        failed, errors, run = 0, 1, 1
    else:
        failed, errors, run = report
    if run == 0:
        print("[suite] no test ran")
    bad = failed + errors + len(unexpected)
    passed = run - failed - errors
    print(f"{passed} passed, {bad} failed", flush=True)
    sys.exit(1 if (bad or run == 0 or returncode) else 0)


def odoo_translations(polib, addons_path):
    """msgid -> French msgstr, for the terms Odoo's own addons translate one way only."""
    seen = {}
    for folder in addons_path.split(","):
        if folder.startswith(str(ROOT)):
            continue
        for po_path in pathlib.Path(folder).glob("*/i18n/fr.po"):
            for entry in polib.pofile(str(po_path)):
                if entry.msgstr and not entry.fuzzy:
                    seen.setdefault(entry.msgid, set()).add(entry.msgstr)
    return {msgid: msgstrs.pop() for msgid, msgstrs in seen.items() if len(msgstrs) == 1}


def cmd_i18n(args):
    """Export each addon's terms from the test database into ``i18n/<addon>.pot``
    and merge them into ``i18n/fr.po``, keeping the translations already made.
    Prints the French entries still untranslated."""
    import polib

    targets = args.addons or addons_in(ADDONS_DIR)
    addons_path = f"{config()['addons_path']},{TEST_ADDONS_DIR}"
    odoo_french = odoo_translations(polib, addons_path)
    if not database_exists(TEST_DB):
        sys.exit(f"[suite] run `scripts/suite test` first: the terms are exported from {TEST_DB}")
    missing = 0
    for addon in targets:
        folder = ADDONS_DIR / addon / "i18n"
        folder.mkdir(exist_ok=True)
        pot_path = folder / f"{addon}.pot"
        subprocess.run(
            odoo_command(
                "-d",
                TEST_DB,
                "--i18n-export",
                str(pot_path),
                "--modules",
                addon,
                "--stop-after-init",
                "--http-port",
                str(free_port()),
                "--log-level",
                "warn",
                addons_path=addons_path,
            ),
            check=True,
        )
        pot = polib.pofile(str(pot_path))
        po_path = folder / "fr.po"
        po = polib.pofile(str(po_path)) if po_path.exists() else polib.POFile()
        po.merge(pot)
        po.metadata = {**pot.metadata, "Language": "fr", "Plural-Forms": "nplurals=2; plural=(n > 1);"}
        po[:] = [entry for entry in po if not entry.obsolete]  # terms no longer in the code
        for entry in po.untranslated_entries():
            # the framework's own terms (fields of mail.thread, "Created by"...) read
            # as in the rest of Odoo
            entry.msgstr = odoo_french.get(entry.msgid, "")
        po.save(str(po_path))
        for entry in po.untranslated_entries() + po.fuzzy_entries():
            missing += 1
            print(f"{po_path.relative_to(ROOT)}: {entry.msgid!r}")
    print(f"[suite] {missing} French entries to translate")


def cmd_bench(args):
    """Each addon's benchmark (tests/benchmarks/<addon>_bench.py), in `odoo shell`
    on a database with that addon and its demo data, dropped afterwards."""
    benches = sorted((ROOT / "tests" / "benchmarks").glob("*_bench.py"))
    wanted = [b for b in benches if not args.addons or b.name.removesuffix("_bench.py") in args.addons]
    env = dict(os.environ)
    # the benchmarks' shared helpers (tests/benchmarks/common.py)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "tests"), env.get("PYTHONPATH")]))
    for bench in wanted:
        addon = bench.name.removesuffix("_bench.py")
        dbname = f"repair_suite_bench_{addon}"
        print(f"[suite] benchmark {addon} on {dbname}", flush=True)
        drop_database(dbname)
        create_fresh_database(dbname, "en_US")
        subprocess.run(
            odoo_command(
                "-d",
                dbname,
                "-i",
                addon,
                # the shop's language, which the addons' demo data use
                "--load-language",
                "fr_FR",
                "--stop-after-init",
                "--http-port",
                str(free_port()),
                "--log-level",
                "warn",
            ),
            check=True,
        )
        with open(bench) as script:
            subprocess.run(
                odoo_command("-d", dbname, "--no-http", "--log-level", "warn", command="shell"),
                stdin=script,
                env=env,
                check=True,
            )
        drop_database(dbname)


def main():
    parser = argparse.ArgumentParser(prog="scripts/suite")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run")
    run.add_argument(
        "--sandbox",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="serve the eco-organisms' emulators and Odoo's demo payment provider beside the server "
        "(the default for the demo database)",
    )
    run.set_defaults(func=cmd_run)
    test = commands.add_parser("test")
    test.add_argument("addons", nargs="*", help="limit the run to these addons")
    test.set_defaults(func=cmd_test)
    i18n = commands.add_parser("i18n")
    i18n.add_argument("addons", nargs="*", help="limit the export to these addons")
    i18n.set_defaults(func=cmd_i18n)
    bench = commands.add_parser("bench")
    bench.add_argument("addons", nargs="*", help="limit the benchmarks to these addons")
    bench.set_defaults(func=cmd_bench)
    odoo = commands.add_parser("odoo")
    odoo.add_argument("rest", nargs=argparse.REMAINDER)
    odoo.set_defaults(func=lambda a: cmd_odoo(a.rest))
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
