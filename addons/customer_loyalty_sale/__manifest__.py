{
    "name": "Customer Credit: Sale Orders",
    "summary": "Confirmed sale orders count in what a customer owes at the till, once",
    "version": "18.0.1.0.0",
    "category": "Sales/Point of Sale",
    "author": "Repair Suite",
    "website": "https://github.com/repair-suite/repair-suite",
    "license": "LGPL-3",
    # pos_sale: the sale orders a till settles are owed no more
    "depends": ["customer_loyalty", "pos_sale"],
    "assets": {
        "point_of_sale._assets_pos": [
            "customer_loyalty_sale/static/src/app/**/*",
        ],
        "web.assets_tests": [
            "customer_loyalty_sale/static/tests/tours/**/*",
        ],
    },
    "auto_install": True,
    "installable": True,
}
