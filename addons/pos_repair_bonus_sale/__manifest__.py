{
    "name": "POS Refashion Repair Bonus: Drop-off",
    "summary": "Items left at the counter keep their repair types and photos; the bonus is applied at pick-up",
    "version": "18.0.1.0.0",
    "category": "Sales/Point of Sale",
    "author": "Repair Suite",
    "website": "https://github.com/repair-suite/repair-suite",
    "license": "LGPL-3",
    # pos_sale: the drop-off is a sale order, collected with Odoo's "Settle the order"
    # and paid in part beforehand with its down payments
    "depends": ["pos_repair_bonus", "pos_sale"],
    "data": [
        "views/sale_order_views.xml",
    ],
    "demo": [
        "demo/drop_off_demo.xml",
    ],
    "assets": {
        "point_of_sale._assets_pos": [
            "pos_repair_bonus_sale/static/src/app/**/*",
        ],
        "web.assets_tests": [
            "pos_repair_bonus_sale/static/tests/tours/**/*",
        ],
    },
    "auto_install": True,
    "installable": True,
}
