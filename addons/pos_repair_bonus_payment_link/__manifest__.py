{
    "name": "POS Refashion Repair Bonus: Deposit by Link",
    "summary": "A repair paid in part by a deposit link keeps its repair types and photos until the pick-up",
    "version": "18.0.1.0.0",
    "category": "Sales/Point of Sale",
    "author": "Repair Suite",
    "website": "https://github.com/repair-suite/repair-suite",
    "license": "LGPL-3",
    "depends": ["pos_repair_bonus_sale", "pos_payment_link"],
    "assets": {
        "point_of_sale._assets_pos": [
            "pos_repair_bonus_payment_link/static/src/app/**/*",
        ],
        "web.assets_tests": [
            "pos_repair_bonus_payment_link/static/tests/tours/**/*",
        ],
    },
    "auto_install": True,
    "installable": True,
}
