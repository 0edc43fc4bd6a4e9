"""``python core_tests.py ARGS``: ``python -m odoo ARGS`` for ``scripts/suite test --core``
(scripts/lib/suite.py), on a database where every module is already installed.

Odoo runs a module's ``at_install`` tests while it loads that module, before the
modules that depend on it are in the registry: on a database with the suite
installed, Odoo's own ``at_install`` tests would run without the suite's code, on
tables the suite extended. Here they wait, and run first in the ``post_install``
phase, with the whole registry, as the ``post_install`` tests do; Odoo alone
(``--without-suite``) is tested the same way. Under SUITE_CLOCK Odoo starts
through faked_clock.py.
"""

import os
import pathlib
import runpy
import sys

from odoo.tests import loader
from odoo.tests.suite import OdooSuite

make_suite = loader.make_suite


def make_suite_with_the_whole_registry(module_names, position="at_install"):
    if position == "at_install":
        return OdooSuite([])
    tests = [*make_suite(module_names, "at_install"), *make_suite(module_names, position)]
    return OdooSuite(sorted(tests, key=lambda test: test.test_sequence))


loader.make_suite = make_suite_with_the_whole_registry
if os.environ.get("FAKETIME"):
    runpy.run_path(str(pathlib.Path(__file__).with_name("faked_clock.py")), run_name="__main__")
else:
    sys.argv = ["odoo", *sys.argv[1:]]
    runpy.run_module("odoo", run_name="__main__", alter_sys=True)
