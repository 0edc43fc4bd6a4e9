{
    "name": "Repair Suite: end-to-end tests",
    "summary": "Cross-addon tests of the suite, installed by the test command only",
    "version": "18.0.1.0.0",
    "category": "Hidden/Tests",
    "author": "Repair Suite",
    "website": "https://github.com/repair-suite/repair-suite",
    "license": "LGPL-3",
    "depends": [
        "l10n_fr_pos_cert",
        "eco_bonus_claim",
        "pos_repair_bonus",
        "pos_payment_link",
        "customer_loyalty",
        "sale_rma",
        "repair_qualirepar",
    ],
    "external_dependencies": {"python": ["requests"]},
    "assets": {
        "web.assets_tests": ["suite_e2e/static/tests/tours/**/*"],
    },
    "post_load": "_till_users_time_zone",
    "installable": True,
}
