"""The sandbox of ``scripts/suite run``: the loopback emulators of the
eco-organisms served beside the demo server, and the demo database pointed at them.

- ``sandbox.py serve CONF``: starts the Refashion, Ecosystem and Ecologic emulators
  (the ones the addons' tests use) on 127.0.0.1 in this process, prints their
  addresses as one JSON line, then serves until stopped.
- ``sandbox.py configure`` (run inside ``odoo shell``, addresses in
  ``REPAIR_SANDBOX_URLS``): points the demo accounts with the eco-organisms at those
  emulators, offers Odoo's demo payment provider in test mode, and marks the
  database as a sandbox, which every screen then shows.
"""

import json
import os
import sys
import time


def serve(conf):
    import odoo
    from odoo.modules.module import initialize_sys_path

    # the emulators are test code: importing it outside a test run is expected here
    odoo.tools.config.parse_config(["-c", conf, "--test-enable"])
    initialize_sys_path()
    from odoo.addons.pos_repair_bonus.tests.refashion_emulator import RefashionEmulator
    from odoo.addons.repair_qualirepar.tests.ecologic_emulator import EcologicEmulator
    from odoo.addons.repair_qualirepar.tests.ecosystem_emulator import EcosystemEmulator, catalog

    servers = {
        "refashion": RefashionEmulator(token=SANDBOX_SECRETS["refashion"][1]),
        "ecosystem": EcosystemEmulator(*SANDBOX_SECRETS["ecosystem"], catalog=catalog(product_types=10, brands=20)),
        "ecologic": EcologicEmulator(api_key=SANDBOX_SECRETS["ecologic"][1]),
    }
    for server in servers.values():
        server.start()
    urls = {name: server.url for name, server in servers.items()}
    urls["ecologic"] += "/api/v1/ecosupport"
    print(json.dumps(urls), flush=True)
    # served as long as the suite's runner that started it lives
    parent = os.getppid()
    while os.getppid() == parent:
        time.sleep(1)


# login and secret of the demo accounts with each emulator
SANDBOX_SECRETS = {
    "refashion": ("", "sandbox-token"),
    "ecosystem": ("atelier", "sandbox-secret"),
    "ecologic": ("", "sandbox-key"),
}
# the demo accounts, by eco-organism
DEMO_ACCOUNTS = {
    "refashion": "pos_repair_bonus.organism_refashion_demo",
    "ecosystem": "repair_qualirepar.organism_ecosystem",
    "ecologic": "repair_qualirepar.organism_ecologic",
}


def configure(env):
    urls = json.loads(os.environ["REPAIR_SANDBOX_URLS"])
    for code, xmlid in DEMO_ACCOUNTS.items():
        organism = env.ref(xmlid, raise_if_not_found=False)
        if organism:
            login, secret = SANDBOX_SECRETS[code]
            organism.write({"environment": "test", "test_url": urls[code], "login": login or False, "secret": secret})
    provider = env.ref("payment.payment_provider_demo", raise_if_not_found=False)
    if provider:
        # shown to the customer with Odoo's own "test mode" label
        provider.write({"state": "test", "is_published": True})
    env["ir.config_parameter"].set_param("repair_shop_demo.sandbox", "1")
    env.cr.commit()
    print("[suite] sandbox: " + ", ".join(f"{code} on {url}" for code, url in urls.items()), flush=True)


if __name__ == "__main__" and sys.argv[1:2] == ["serve"]:
    serve(sys.argv[2])
elif "env" in globals():
    configure(env)  # noqa: F821 (odoo shell's environment)
