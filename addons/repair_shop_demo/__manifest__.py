{
    "name": "Repair Shop Demo",
    "summary": "A French shoe repairer and tailor to try the whole suite: the company, its till, a sandbox",
    "version": "18.0.1.0.0",
    "category": "Hidden",
    "author": "Repair Suite",
    "website": "https://github.com/repair-suite/repair-suite",
    "license": "LGPL-3",
    "depends": [
        "l10n_fr_pos_cert",
        "pos_repair_bonus",
        "repair_qualirepar",
        "pos_payment_link",
        "customer_loyalty",
        "sale_rma",
    ],
    "external_dependencies": {
        "python": ["python-stdnum"],
    },
    "data": [],
    "demo": [
        "demo/company_demo.xml",
        "demo/pos_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "repair_shop_demo/static/src/sandbox/**/*",
        ],
        "point_of_sale._assets_pos": [
            "repair_shop_demo/static/src/sandbox/sandbox_badge.*",
            "repair_shop_demo/static/src/pos/**/*",
        ],
        "web.assets_tests": [
            "repair_shop_demo/static/tests/tours/**/*",
        ],
    },
    "installable": True,
}
