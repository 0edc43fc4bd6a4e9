{
    "name": "POS Refashion Repair Bonus",
    "summary": "Deduct the Refashion repair bonus at the till and claim it back",
    "version": "18.0.1.2.0",
    "category": "Sales/Point of Sale",
    "author": "Repair Suite",
    "website": "https://github.com/repair-suite/repair-suite",
    "license": "LGPL-3",
    "depends": ["point_of_sale", "eco_bonus_claim"],
    "external_dependencies": {
        "python": ["Pillow", "python-stdnum", "requests"],
    },
    "data": [
        "security/pos_repair_bonus_security.xml",
        "security/ir.model.access.csv",
        "data/refashion_grid_data.xml",
        "report/bonus_receipt_report.xml",
        "views/eco_bonus_family_views.xml",
        "views/eco_organism_views.xml",
        "views/eco_bonus_photo_views.xml",
        "views/product_template_views.xml",
        "views/pos_order_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "assets": {
        "point_of_sale._assets_pos": [
            "pos_repair_bonus/static/src/app/**/*",
        ],
        "web.assets_tests": [
            "pos_repair_bonus/static/tests/tours/**/*",
        ],
    },
    "demo": [
        "demo/pos_repair_bonus_demo.xml",
    ],
    "installable": True,
}
