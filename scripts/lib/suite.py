"""Run and test driver of the suite, started by scripts/suite inside the virtualenv.

- ``run``: creates once a French demo database with every addon (updating those
  whose files changed since the last run), then serves it.
- ``test``: a fresh database, every addon installed with ``l10n_fr_pos_cert``, every
  addon's tests (Python and tours); fails on a failed test, a test error, or an
  ERROR/CRITICAL log line that no test expected (tests that provoke one mute it with
  ``odoo.tools.mute_logger``). Ends with the line ``N passed, N failed``.
  ``test --core``: Odoo's own tests of the modules the addons extend, with every
  addon installed (``--without-suite``: the same tests on Odoo alone, to tell a
  failure of ours from one of Odoo's).
- ``i18n``: exports each addon's terms (``.pot``) and merges them into ``fr.po``.
- ``bench``: the benchmarks of tests/benchmarks, on a database of their own.
- ``odoo``: odoo-bin with the suite's configuration.
"""

import argparse
import ast
import configparser
import contextlib
import datetime
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
TEMPLATE_FILESTORES = (
    pathlib.Path(os.environ.get("XDG_CACHE_HOME") or pathlib.Path.home() / ".cache") / "odoo-repair-suite" / "filestore"
)
DEMO_DB = "repair_suite"
RUN_DB = os.environ.get("DB", DEMO_DB)
# what the sandbox offers: Odoo's demo payment provider (pos_payment_link's tests pay
# with it, so it is installed, disabled; the sandbox publishes it in test mode)
SANDBOX_MODULES = ["payment_demo"]
TEST_DB = os.environ.get("TEST_DB", "repair_suite_test")
# Odoo's modules whose models and screens the addons extend (issue #19, item 5):
# the tests of `test --core`
CORE_MODULES = [
    "point_of_sale",
    "pos_loyalty",
    "loyalty",
    "account_payment",
    "payment",
    "sale_stock",
    "repair",
    "pos_sale",
    "sale",
]

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
# Chromium may leave a preconnected socket idle past the 5 s Odoo gives a test request
# (under SUITE_CLOCK its clocks are shifted; on a busy machine a page may take that
# long): werkzeug logs it as an error though the socket carried no request, none was lost
IDLE_SOCKET_NOISE = re.compile(r"^127\.0\.0\.1 - - \[[^]]+\] Request timed out: TimeoutError\('timed out'\)")
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
    # two runs on this machine (a CI clone and a benchmark, say) make it once: the
    # second waits for the first, holding PostgreSQL's lock of the template's name
    with connect() as lock, lock.cursor() as cr:
        cr.execute("SELECT pg_advisory_lock(hashtext(%s))", [template])
        if not database_exists(template) or not template_files.exists():
            print(f"[suite] preparing the template database {template} (once per Odoo source)", flush=True)
            drop_database(template)
            drop_database(f"{template}_partial")  # left by a run that was stopped
            create_database(f"{template}_partial", lang)
            with connect() as conn, conn.cursor() as rename:
                rename.execute(f'ALTER DATABASE "{template}_partial" RENAME TO "{template}"')
            shutil.rmtree(template_files, ignore_errors=True)
            template_files.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(STATE / "data" / "filestore" / f"{template}_partial", template_files)
        with connect() as conn, conn.cursor() as copy:
            copy.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        shutil.copytree(template_files, STATE / "data" / "filestore" / name)


def odoo_modules_of_the_suite():
    """The Odoo modules the suite's addons depend on directly, none of the suite's:
    with ``l10n_fr_pos_cert``, Odoo alone as the suite's benchmarks and ``test --core
    --without-suite`` compare it with the suite."""
    ours = set(addons_in(ADDONS_DIR))
    depends = {"l10n_fr_pos_cert"}
    for addon in ours:
        manifest = ast.literal_eval((ADDONS_DIR / addon / "__manifest__.py").read_text())
        depends.update(manifest.get("depends", []))
    return sorted(depends - ours)


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


# `addon`, or one of Odoo's test tags within an addon: `addon:Class`, `addon:Class.method`
TARGET = re.compile(r"^/?(?P<addon>\w+)(?P<spec>(:\w+)?(\.\w+)?)$")


def test_targets(args):
    """(addons to install, Odoo's --test-tags) for the command line's targets."""
    available = addons_in(ADDONS_DIR) + addons_in(TEST_ADDONS_DIR)
    words = [w for w in re.split(r"[,\s]+", " ".join(args.targets) or os.environ.get("ADDONS", "")) if w]
    addons, tags = [], []
    for word in words:
        match = TARGET.match(word)
        if not match:
            sys.exit(f"[suite] not an addon nor addon:Class.method: {word}")
        if match["addon"] not in available:
            sys.exit(f"[suite] unknown addon: {match['addon']} (known: {', '.join(available)})")
        if match["addon"] not in addons:
            addons.append(match["addon"])
        tags.append(f"/{match['addon']}{match['spec']}")
    if not addons:
        addons = available
        tags = [f"/{addon}" for addon in addons]
    return addons, tags


def failure_tag(logger, message):
    """Odoo's test tag of the test a FAIL:/ERROR: line of ``logger`` reports."""
    held = re.search(r"\(odoo\.addons\.(\w+)\.tests\.[\w.]*?(\w+)\)", message)
    if held:  # an error of setUpClass: "setUpClass (odoo.addons.<module>.tests.<file>.<Class>)"
        return f"/{held[1]}:{held[2]}"
    module = re.match(r"odoo\.addons\.(\w+)\.", logger)
    test = re.match(r"^(?:FAIL|ERROR): (?:Subtest )?(\w+\.\w+)", message)
    return f"/{module[1]}:{test[1]}" if module and test else None


def run_odoo_tests(command, log_path, env=None, tolerated=None, failed_tags=None):
    """Run ``command`` (odoo-bin with --test-enable), echo and keep its log, and
    print its summary. Returns (passed, failed): failed counts failed tests, test
    errors and ERROR/CRITICAL lines that no test expected. ``failed_tags``, a list,
    receives the test tags of the failed tests."""
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
                        tag = failure_tag(match["logger"], match["msg"])
                        if failed_tags is not None and tag and tag not in failed_tags:
                            failed_tags.append(tag)
                elif not TEST_SUMMARY.search(match["msg"]) and not (
                    tolerated and match["logger"] == "werkzeug" and tolerated.search(match["msg"])
                ):
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
    if not bad and (returncode or run == 0):
        bad = 1  # Odoo failed, or ran nothing: never a green run
    return run - failed - errors, bad


def test_command(dbname, modules, tags, *extra, addons_path=None):
    return odoo_command(
        "-d",
        dbname,
        "-i",
        ",".join(modules),
        "--test-enable",
        "--test-tags",
        ",".join(tags),
        "--stop-after-init",
        "--http-interface",
        "127.0.0.1",
        "--http-port",
        str(free_port()),
        "--log-level",
        "info",
        "--max-cron-threads",
        "0",
        *extra,
        addons_path=addons_path,
    )


LIBFAKETIME = (
    "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
    "/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1",
    "/usr/lib/faketime/libfaketime.so.1",
    "/usr/local/lib/faketime/libfaketime.so.1",
)


def clock_env(clock):
    """The environment of an Odoo whose clock reads ``clock`` (UTC) when it starts,
    then runs on: ``HH:MM`` the nearest such time, or ``YYYY-MM-DD HH:MM[:SS]``.
    libfaketime shifts the clock of Odoo and of what it starts (Chromium,
    wkhtmltopdf) by the same offset; PostgreSQL's now() keeps the real time."""
    env = dict(os.environ)
    if not clock:
        return env, None
    now = datetime.datetime.now(datetime.timezone.utc)
    try:
        if re.fullmatch(r"\d\d?:\d\d", clock):
            hour, minute = map(int, clock.split(":"))
            start = min(
                (
                    (now + datetime.timedelta(days=days)).replace(hour=hour, minute=minute, second=0, microsecond=0)
                    for days in (-1, 0, 1)
                ),
                key=lambda moment: abs(moment - now),
            )
        else:
            start = datetime.datetime.fromisoformat(clock).replace(tzinfo=datetime.timezone.utc)
    except ValueError:
        sys.exit(f"[suite] SUITE_CLOCK={clock}: expected HH:MM or YYYY-MM-DD HH:MM[:SS] (UTC)")
    library = next((path for path in LIBFAKETIME if os.path.exists(path)), None)
    if not library:
        sys.exit("[suite] SUITE_CLOCK needs libfaketime (Debian package faketime): run scripts/suite setup")
    offset = round((start - now).total_seconds())
    # the monotonic clock unshifted for Odoo (see faked_clock.py); the browser shifts it
    # (the google-chrome wrapper)
    env.update(LD_PRELOAD=library, FAKETIME=f"{offset:+d}", TZ="UTC", FAKETIME_DONT_FAKE_MONOTONIC="1")
    return env, start


def under_faked_clock(command):
    """``command`` (odoo_command's) started through faked_clock.py."""
    assert command[1:3] == ["-m", "odoo"]
    return [command[0], str(ROOT / "scripts" / "lib" / "faked_clock.py"), *command[3:]]


def cmd_test(args):
    env, start = clock_env(os.environ.get("SUITE_CLOCK"))
    if start:
        print(f"[suite] Odoo's clock starts at {start:%Y-%m-%d %H:%M} UTC (SUITE_CLOCK)", flush=True)
    if os.environ.get("SUITE_TEST_TZ"):
        print(f"[suite] the tills' users and browser in {os.environ['SUITE_TEST_TZ']} (SUITE_TEST_TZ)", flush=True)
    log_dir = STATE / "logs"
    log_dir.mkdir(exist_ok=True)
    if args.without_suite and not args.core:
        sys.exit("[suite] --without-suite goes with --core")
    if args.core:
        if args.alone:
            sys.exit("[suite] --core and --alone are two different runs")
        sys.exit(test_core(args, log_dir, env, start))
    if args.reuse:
        sys.exit("[suite] --reuse goes with --core")
    targets, tags = test_targets(args)
    if args.alone:
        if os.environ.get("SUITE_TEST_TZ"):
            sys.exit("[suite] --alone runs plain odoo-bin: SUITE_TEST_TZ needs the suite's test addons")
        sys.exit(test_alone(targets, tags, log_dir, env))
    addons_path = f"{config()['addons_path']},{TEST_ADDONS_DIR}"

    print(f"[suite] fresh database {TEST_DB} for: {', '.join(tags)}", flush=True)
    drop_database(TEST_DB)
    drop_database(f"{template_name('en_US')}_partial")
    try:
        create_fresh_database(TEST_DB, "en_US")
    except subprocess.CalledProcessError as error:
        print(f"[suite] the test database could not be created: {error}")
        print("0 passed, 1 failed", flush=True)
        sys.exit(1)

    command = test_command(
        TEST_DB,
        PLATFORM_MODULES + targets,
        tags,
        "--load-language",
        "fr_FR",
        # suite_e2e's hook puts the till users of every addon's tests in SUITE_TEST_TZ
        *(["--load", "base,web,suite_e2e"] if os.environ.get("SUITE_TEST_TZ") else []),
        addons_path=addons_path,
    )
    if start:
        command = under_faked_clock(command)
    passed, bad = run_odoo_tests(command, log_dir / "test.log", env, IDLE_SOCKET_NOISE)
    print(f"{passed} passed, {bad} failed", flush=True)
    sys.exit(1 if bad else 0)


def core_targets(args):
    """Odoo's --test-tags of ``test --core [MODULE[:Class[.method]]...]``:
    Odoo's own modules, CORE_MODULES by default; a tag as Odoo writes it
    (``/point_of_sale:TestUi.test_x``) is taken as it is."""
    words = [w for w in re.split(r"[,\s]+", " ".join(args.targets)) if w] or CORE_MODULES
    available = set(odoo_modules_of_the_suite()) | set(CORE_MODULES)
    tags = []
    for word in words:
        match = TARGET.match(word)
        if not match:
            sys.exit(f"[suite] not a module nor module:Class.method: {word}")
        if match["addon"] not in available:
            sys.exit(
                f"[suite] --core tests Odoo's modules under the suite: {match['addon']} is not one of "
                f"{', '.join(sorted(available))}"
            )
        tags.append(f"/{match['addon']}{match['spec']}")
    return tags


def test_core(args, log_dir, env, start):
    """Odoo's own tests of the modules the addons extend, tours included, on a
    database where every addon of the suite is installed with ``l10n_fr_pos_cert``
    and demo data, as ``test`` installs them; with ``--without-suite``, the same
    tests on the same Odoo modules alone (what the addons depend on, and
    ``l10n_fr_pos_cert``), to show that a failure is Odoo's own. The modules are
    installed first, then the tests run with the whole registry loaded, Odoo's
    ``at_install`` tests too (scripts/lib/core_tests.py)."""
    tags = core_targets(args)
    if args.without_suite:
        dbname, installed, label = f"{TEST_DB}_core_alone", PLATFORM_MODULES + odoo_modules_of_the_suite(), "Odoo alone"
    else:
        dbname, installed, label = f"{TEST_DB}_core", PLATFORM_MODULES + addons_in(ADDONS_DIR), "every addon"
    addons_path = config()["addons_path"]
    if os.environ.get("SUITE_TEST_TZ"):
        addons_path = f"{addons_path},{TEST_ADDONS_DIR}"  # suite_e2e's hook, loaded, not installed
    reused = args.reuse and database_exists(dbname) and set(installed) <= installed_modules(dbname)
    if reused:
        print(f"[suite] --core ({label}): reusing the database {dbname}", flush=True)
    else:
        print(f"[suite] --core ({label}): fresh database {dbname} with {', '.join(installed)}", flush=True)
        drop_database(dbname)
        drop_database(f"{template_name('en_US')}_partial")
        try:
            create_fresh_database(dbname, "en_US")
            subprocess.run(
                odoo_command(
                    "-d",
                    dbname,
                    "-i",
                    ",".join(installed),
                    "--load-language",
                    "fr_FR",
                    "--stop-after-init",
                    "--http-port",
                    str(free_port()),
                    "--max-cron-threads",
                    "0",
                    "--log-level",
                    "warn",
                ),
                check=True,
            )
        except subprocess.CalledProcessError as error:
            print(f"[suite] the database could not be made: {error}")
            print("0 passed, 1 failed", flush=True)
            return 1
    command = odoo_command(
        "-d",
        dbname,
        "--test-enable",
        "--test-tags",
        ",".join(tags),
        "--stop-after-init",
        "--http-interface",
        "127.0.0.1",
        "--http-port",
        str(free_port()),
        "--log-level",
        "info",
        "--max-cron-threads",
        "0",
        *(["--load", "base,web,suite_e2e"] if os.environ.get("SUITE_TEST_TZ") else []),
        addons_path=addons_path,
    )
    command = [command[0], str(ROOT / "scripts" / "lib" / "core_tests.py"), *command[3:]]
    print(f"[suite] Odoo's tests {', '.join(tags)} with {label}", flush=True)
    failed_tags = []
    log_path = log_dir / ("core-without-suite.log" if args.without_suite else "core.log")
    passed, bad = run_odoo_tests(command, log_path, env, IDLE_SOCKET_NOISE, failed_tags)
    if failed_tags:
        other = "" if args.without_suite else " --without-suite"
        print(f"[suite] again, these only: scripts/suite test --core{other} {' '.join(failed_tags)}")
    print(f"[suite] Odoo's tests with {label}: {passed} passed, {bad} failed")
    print(f"{passed} passed, {bad} failed", flush=True)
    return 1 if bad else 0


def test_alone(targets, tags, log_dir, env):
    """Each addon as a shop installs one app, and as another project's CI runs it:
    plain odoo-bin on a new database it creates itself, without demo data, with only
    the addon, what its manifest depends on and the French POS certification, no
    language but English loaded, none of the suite's test-only modules or test addons."""
    dbname = f"{TEST_DB}_alone"
    total_passed = total_bad = 0
    lines = []
    for addon in targets:
        if addon in addons_in(TEST_ADDONS_DIR):
            print(f"[suite] {addon} is a test addon of the suite: not tested alone", flush=True)
            continue
        addon_tags = [t for t in tags if TARGET.match(t)["addon"] == addon]
        print(f"[suite] {addon} alone: fresh database {dbname} made by odoo-bin, without demo data", flush=True)
        drop_database(dbname)
        plain_path = config()["addons_path"]
        command = test_command(
            dbname, [addon, "l10n_fr_pos_cert"], addon_tags, "--without-demo", "all", addons_path=plain_path
        )
        if "FAKETIME" in env:
            command = under_faked_clock(command)
        passed, bad = run_odoo_tests(command, log_dir / f"alone-{addon}.log", env, IDLE_SOCKET_NOISE)
        lines.append(f"[suite] {addon} alone: {passed} passed, {bad} failed")
        total_passed += passed
        total_bad += bad
    print("", *lines, sep="\n")
    print(f"{total_passed} passed, {total_bad} failed", flush=True)
    return 1 if total_bad or not lines else 0


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
    test.add_argument(
        "targets", nargs="*", help="limit the run to these addons, or to tests: addon:Class or addon:Class.method"
    )
    test.add_argument(
        "--alone",
        action="store_true",
        help="each addon on its own new database, plain odoo-bin without demo data, as a shop installs one app",
    )
    test.add_argument(
        "--core",
        action="store_true",
        help="Odoo's own tests of the modules the addons extend (targets: Odoo modules or module:Class.method), "
        "on a database with every addon installed",
    )
    test.add_argument(
        "--without-suite",
        action="store_true",
        help="with --core: the same tests on Odoo alone (the Odoo modules the addons depend on), none of the suite",
    )
    test.add_argument(
        "--reuse",
        action="store_true",
        help="with --core: keep the database of the last --core run if it is there, instead of a fresh one",
    )
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
