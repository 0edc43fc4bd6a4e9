# shellcheck shell=bash
# Setup of the development loop: Odoo 18.0 source, virtualenv, system packages,
# PostgreSQL role, headless Chromium for the tours. Sourced by scripts/suite.
#
# Everything it makes lives in $SUITE_ROOT/.suite (ignored by git), except one
# line remembering which Odoo source the machine uses, so that a fresh clone on the
# same machine (CI) finds it again without ODOO_SRC.

SUITE_STATE="$SUITE_ROOT/.suite"
SUITE_VENV="$SUITE_STATE/venv"
SUITE_MEMORY="${XDG_CONFIG_HOME:-$HOME/.config}/odoo-repair-suite/odoo_src"
SUITE_DB_USER="${SUITE_DB_USER:-odoo_suite}"
SUITE_DB_PASSWORD="${SUITE_DB_PASSWORD:-odoo_suite}"
SUITE_DB_HOST="${SUITE_DB_HOST:-127.0.0.1}"
SUITE_DB_PORT="${SUITE_DB_PORT:-5432}"
UPSTREAM_ODOO="https://github.com/odoo/odoo.git"

say() { printf '\033[1m[suite]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[suite] %s\033[0m\n' "$*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"
    elif command -v sudo >/dev/null; then sudo "$@"
    else die "root is needed to run: $* (install it yourself, then run setup again)"
    fi
}

apt_install() {
    command -v apt-get >/dev/null || die "missing system packages: $* (no apt-get here: install them with your system's package manager)"
    say "installing system packages: $*"
    if [ ! -f "$SUITE_STATE/.apt-updated" ]; then
        as_root apt-get update -qq
        touch "$SUITE_STATE/.apt-updated"
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# --- Odoo source ---------------------------------------------------------------

# Prints the Odoo 18.0 tree (the folder holding the `odoo` package) a Python sees.
importable_odoo() {
    "$1" - <<'EOF' 2>/dev/null
import os, odoo.release as r
assert r.version_info[:2] == (18, 0)
print(os.path.dirname(os.path.dirname(os.path.abspath(r.__file__))))
EOF
}

is_odoo18_tree() {
    [ -f "$1/odoo/release.py" ] && grep -q "^version_info = (18, 0," "$1/odoo/release.py"
}

resolve_odoo() {
    local python=$1 found
    if [ -n "${ODOO_SRC:-}" ]; then
        ODOO_SRC=$(cd "$ODOO_SRC" 2>/dev/null && pwd) || die "ODOO_SRC=$ODOO_SRC does not exist"
        is_odoo18_tree "$ODOO_SRC" || die "ODOO_SRC=$ODOO_SRC is not an Odoo 18.0 source tree (odoo/release.py)"
        ODOO_ORIGIN="ODOO_SRC"
    elif [ -x "$SUITE_VENV/bin/python" ] && found=$(importable_odoo "$SUITE_VENV/bin/python"); then
        ODOO_SRC=$found; ODOO_ORIGIN="virtualenv"
    elif found=$(importable_odoo "$python"); then
        ODOO_SRC=$found; ODOO_ORIGIN="installed"
    elif [ -f "$SUITE_MEMORY" ] && is_odoo18_tree "$(cat "$SUITE_MEMORY")"; then
        ODOO_SRC=$(cat "$SUITE_MEMORY"); ODOO_ORIGIN="remembered"
    elif is_odoo18_tree "$SUITE_STATE/odoo"; then
        ODOO_SRC="$SUITE_STATE/odoo"; ODOO_ORIGIN="clone"
    else
        say "no Odoo 18.0 found: cloning upstream branch 18.0 into .suite/odoo"
        if ! git clone --quiet --depth 1 --branch 18.0 "$UPSTREAM_ODOO" "$SUITE_STATE/odoo.partial"; then
            rm -rf "$SUITE_STATE/odoo.partial"
            die "no Odoo 18.0 available and upstream could not be cloned.
Provide one of:
  - ODOO_SRC=/path/to/odoo (an Odoo 18.0 source tree: odoo-bin, odoo/, addons/)
  - an Odoo 18.0 installed for the Python in PYTHON (now: $python)
  - network access to $UPSTREAM_ODOO"
        fi
        mv "$SUITE_STATE/odoo.partial" "$SUITE_STATE/odoo"
        ODOO_SRC="$SUITE_STATE/odoo"; ODOO_ORIGIN="clone"
    fi
    mkdir -p "$(dirname "$SUITE_MEMORY")"
    [ "$(cat "$SUITE_MEMORY" 2>/dev/null)" = "$ODOO_SRC" ] || echo "$ODOO_SRC" >"$SUITE_MEMORY"
    export ODOO_SRC
}

# --- system packages --------------------------------------------------------------

real_chrome() {
    local bin
    for bin in chromium chromium-browser google-chrome google-chrome-stable; do
        # skip our own wrapper
        type -ap "$bin" | grep -v "^$SUITE_STATE/" | head -n 1 | grep . && return 0
    done
    return 1
}

ensure_system_packages() {
    local missing=()
    real_chrome >/dev/null || missing+=(chromium)
    command -v wkhtmltopdf >/dev/null || missing+=(wkhtmltopdf)
    command -v pg_isready >/dev/null || missing+=(postgresql-client)
    command -v git >/dev/null || missing+=(git)
    # the shifted clock of the CI's second run (SUITE_CLOCK)
    command -v faketime >/dev/null || missing+=(faketime)
    # headers that Odoo's requirements build against when no wheel fits
    [ -f /usr/include/ldap.h ] || missing+=(libldap2-dev)
    [ -f /usr/include/sasl/sasl.h ] || missing+=(libsasl2-dev)
    command -v pg_config >/dev/null || missing+=(libpq-dev)
    [ -d /usr/include/libxml2 ] || missing+=(libxml2-dev libxslt1-dev)
    [ -f /usr/include/jpeglib.h ] || missing+=(libjpeg-dev zlib1g-dev)
    if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi
}

# --- PostgreSQL -------------------------------------------------------------------

pg_superuser_psql() {
    if psql -h "$SUITE_DB_HOST" -p "$SUITE_DB_PORT" -U postgres -d postgres -tAc 'select 1' >/dev/null 2>&1 </dev/null; then
        psql -h "$SUITE_DB_HOST" -p "$SUITE_DB_PORT" -U postgres -d postgres "$@"
    elif [ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1; then
        runuser -u postgres -- psql -p "$SUITE_DB_PORT" -d postgres "$@"
    else
        sudo -u postgres psql -p "$SUITE_DB_PORT" -d postgres "$@"
    fi
}

ensure_postgres() {
    if ! pg_isready -q -h "$SUITE_DB_HOST" -p "$SUITE_DB_PORT"; then
        local version
        if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
            apt_install postgresql
        fi
        version=$(ls /etc/postgresql | sort -V | tail -n 1)
        say "starting the PostgreSQL $version cluster"
        as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
        local i
        for i in $(seq 1 30); do
            pg_isready -q -h "$SUITE_DB_HOST" -p "$SUITE_DB_PORT" && break
            sleep 1
        done
        pg_isready -q -h "$SUITE_DB_HOST" -p "$SUITE_DB_PORT" \
            || die "PostgreSQL does not answer on $SUITE_DB_HOST:$SUITE_DB_PORT"
    fi
    # Odoo refuses to run as `postgres`: a dedicated role that may create databases.
    if ! PGPASSWORD="$SUITE_DB_PASSWORD" psql -h "$SUITE_DB_HOST" -p "$SUITE_DB_PORT" -U "$SUITE_DB_USER" \
            -d postgres -tAc 'select 1' >/dev/null 2>&1 </dev/null; then
        say "creating the PostgreSQL role $SUITE_DB_USER"
        pg_superuser_psql -v ON_ERROR_STOP=1 -q <<EOF || die "could not create the PostgreSQL role $SUITE_DB_USER"
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$SUITE_DB_USER') THEN
    CREATE ROLE "$SUITE_DB_USER" LOGIN CREATEDB PASSWORD '$SUITE_DB_PASSWORD';
  ELSE
    ALTER ROLE "$SUITE_DB_USER" LOGIN CREATEDB PASSWORD '$SUITE_DB_PASSWORD';
  END IF;
END \$\$;
EOF
    fi
}

# --- virtualenv ---------------------------------------------------------------------

python_requirements() {
    # Odoo's pinned requirements, then every addon's external Python dependencies
    # (read from the manifests), then the test tools.
    if [ -f "$ODOO_SRC/requirements.txt" ]; then
        cat "$ODOO_SRC/requirements.txt"
    fi
    "$1" "$SUITE_ROOT/scripts/lib/manifest_deps.py" "$SUITE_ROOT/addons" "$SUITE_ROOT/tests/addons"
    cat "$SUITE_ROOT/scripts/requirements-test.txt"
}

ensure_venv() {
    local python=$1 stamp reqs
    if [ ! -x "$SUITE_VENV/bin/python" ]; then
        say "creating the virtualenv .suite/venv"
        local flags=()
        # an Odoo installed in that Python stays importable from the virtualenv
        [ "$ODOO_ORIGIN" = installed ] && flags+=(--system-site-packages)
        "$python" -m venv "${flags[@]}" "$SUITE_VENV"
    fi
    reqs="$SUITE_STATE/requirements.txt"
    python_requirements "$python" >"$reqs.new"
    stamp=$( { "$SUITE_VENV/bin/python" --version; echo "$ODOO_SRC"; cat "$reqs.new"; } | sha256sum | cut -c1-16)
    if [ "$(cat "$SUITE_VENV/.suite-stamp" 2>/dev/null)" != "$stamp" ]; then
        mv "$reqs.new" "$reqs"
        say "installing Python requirements into .suite/venv"
        # cbor2==5.4.2 (Odoo's pin for 3.11) builds only with setuptools<81
        echo 'setuptools<81' >"$SUITE_STATE/pip-constraints.txt"
        PIP_CONSTRAINT="$SUITE_STATE/pip-constraints.txt" "$SUITE_VENV/bin/pip" install -q \
            --disable-pip-version-check -r "$reqs"
        if [ -d "$ODOO_SRC/odoo" ] && [ "$ODOO_ORIGIN" != installed ] && [ "$ODOO_ORIGIN" != virtualenv ]; then
            "$SUITE_VENV/bin/python" - "$ODOO_SRC" <<'EOF'
import sys, sysconfig, pathlib
pathlib.Path(sysconfig.get_paths()["purelib"], "odoo_src.pth").write_text(sys.argv[1] + "\n")
EOF
        fi
        echo "$stamp" >"$SUITE_VENV/.suite-stamp"
    else
        rm -f "$reqs.new"
    fi
}

# Odoo starts `google-chrome` first: this one resolves every host but loopback to
# "not found" at once, so that a tour never waits for Odoo's CDN without internet.
# Odoo runs in UTC and so would the browser: with SUITE_TEST_TZ the till's browser
# lives in that time zone, as its users do (tests/addons/suite_e2e/__init__.py).
ensure_chrome_wrapper() {
    local real
    real=$(real_chrome) || die "no Chromium found"
    mkdir -p "$SUITE_STATE/bin"
    cat >"$SUITE_STATE/bin/google-chrome.new" <<EOF
#!/bin/sh
[ -n "\${SUITE_TEST_TZ:-}" ] && export TZ="\$SUITE_TEST_TZ"
# under SUITE_CLOCK Chromium shifts its monotonic clock with the wall clock, or fails
unset FAKETIME_DONT_FAKE_MONOTONIC
exec "$real" --host-resolver-rules="MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost" "\$@"
EOF
    chmod +x "$SUITE_STATE/bin/google-chrome.new"
    mv "$SUITE_STATE/bin/google-chrome.new" "$SUITE_STATE/bin/google-chrome"
}

write_config() {
    local addons_path="$SUITE_ROOT/addons" extra
    [ -d "$ODOO_SRC/addons" ] && addons_path="$ODOO_SRC/addons,$addons_path"
    # OCA addons installed from PyPI (odoo-addon-*) land in the virtualenv's odoo/addons
    extra=$("$SUITE_VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/odoo/addons
    [ -d "$extra" ] && [ -n "$(ls "$extra" 2>/dev/null)" ] && addons_path="$addons_path,$extra"
    cat >"$SUITE_STATE/odoo.conf" <<EOF
[options]
db_host = $SUITE_DB_HOST
db_port = $SUITE_DB_PORT
db_user = $SUITE_DB_USER
db_password = $SUITE_DB_PASSWORD
addons_path = $addons_path
data_dir = $SUITE_STATE/data
admin_passwd = admin
list_db = True
EOF
}

suite_setup() {
    local python="${PYTHON:-python3}" started=$SECONDS
    mkdir -p "$SUITE_STATE"
    command -v "$python" >/dev/null || die "no $python: set PYTHON to a Python 3.10-3.12"
    "$python" -c 'import sys; sys.exit(not (3, 10) <= sys.version_info[:2] <= (3, 12))' \
        || die "Odoo 18.0 needs Python 3.10 to 3.12 ($python is $("$python" --version))"
    resolve_odoo "$python"
    ensure_system_packages
    ensure_postgres
    ensure_venv "$python"
    ensure_chrome_wrapper
    write_config
    export SUITE_ROOT SUITE_STATE ODOO_SRC
    export PATH="$SUITE_STATE/bin:$SUITE_VENV/bin:$PATH"
    say "ready in $((SECONDS - started)) s: Odoo $ODOO_SRC ($ODOO_ORIGIN), config .suite/odoo.conf"
}

suite_python() {
    "$SUITE_VENV/bin/python" "$@"
}

# The OCA checks, on the addons and the test addons. With --fix, first rewrite what
# the tools can (imports, formatting, .po layout, README.rst from readme/).
suite_lint() {
    local status=0 fix=0 addon_dirs=(addons tests/addons) files
    [ "${1:-}" = --fix ] && fix=1
    cd "$SUITE_ROOT"
    ensure_lint_venv
    if [ $fix = 1 ]; then
        ruff check --fix --exit-zero -q .
        ruff format -q .
        oca-checks-po --fix --no-exit --no-verbose addons/*/i18n/*.po addons/*/i18n/*.pot || true
        suite_python scripts/lib/readme.py "${addon_dirs[@]}"
        if ensure_prettier; then prettier_run --write >/dev/null; fi
    fi
    say "ruff"
    ruff check . || status=1
    ruff format --check . || status=1
    say "pylint-odoo (OCA mandatory checks)"
    pylint --rcfile=.pylintrc-mandatory "${addon_dirs[@]}" || status=1
    say "OCA module and .po checks"
    files=$(find "${addon_dirs[@]}" \( -name '*.xml' -o -name '*.csv' -o -name '__manifest__.py' \) -not -path '*/node_modules/*')
    # shellcheck disable=SC2086
    oca-checks-odoo-module $files || status=1
    oca-checks-po addons/*/i18n/*.po addons/*/i18n/*.pot || status=1
    suite_python scripts/lib/readme.py --check "${addon_dirs[@]}" || status=1
    if ensure_prettier; then
        say "prettier (JS, XML)"
        prettier_run --check || status=1
    else
        say "prettier skipped: no Node.js/npm on this machine"
    fi
    [ $status = 0 ] && say "lint: all checks passed"
    return $status
}

ensure_lint_venv() {
    local venv="$SUITE_STATE/lint-venv" stamp
    stamp=$(sha256sum <"$SUITE_ROOT/scripts/requirements-lint.txt" | cut -c1-16)
    if [ "$(cat "$venv/.suite-stamp" 2>/dev/null)" != "$stamp" ]; then
        say "installing the lint tools into .suite/lint-venv"
        [ -x "$venv/bin/python" ] || "$SUITE_VENV/bin/python" -m venv "$venv"
        "$venv/bin/pip" install -q --disable-pip-version-check -r "$SUITE_ROOT/scripts/requirements-lint.txt"
        echo "$stamp" >"$venv/.suite-stamp"
    fi
    export PATH="$venv/bin:$PATH"
}

prettier_run() {
    NODE_PATH="$SUITE_STATE/node/node_modules" "$SUITE_STATE/node/node_modules/.bin/prettier" \
        --config .prettierrc.cjs "$@" "addons/**/*.{js,xml}" "tests/addons/**/*.{js,xml}"
}

# prettier and its XML plugin, from the npm registry, into .suite/node
ensure_prettier() {
    command -v npm >/dev/null || return 1
    [ -x "$SUITE_STATE/node/node_modules/.bin/prettier" ] && return 0
    mkdir -p "$SUITE_STATE/node"
    (cd "$SUITE_STATE/node" && npm init -y >/dev/null &&
        npm install --silent --no-audit --no-fund prettier@3.3.3 @prettier/plugin-xml@3.4.1 >/dev/null)
}
