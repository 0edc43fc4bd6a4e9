{
    "name": "POS Payment Links",
    "summary": "Deposits, wallet top-ups and credit settlement paid through a link sent by e-mail or SMS",
    "version": "18.0.1.1.0",
    "category": "Sales/Point of Sale",
    "author": "Repair Suite",
    "website": "https://github.com/repair-suite/repair-suite",
    "license": "LGPL-3",
    # payment_demo: Odoo's in-house test provider, disabled until set to test mode; the
    # addon's tests pay links through it, as a customer would
    "depends": ["pos_sale", "pos_loyalty", "account_payment", "sms", "payment_demo"],
    "external_dependencies": {
        "python": ["qrcode", "phonenumbers"],
    },
    "data": [
        "security/pos_payment_link_security.xml",
        "security/ir.model.access.csv",
        "data/pos_payment_link_data.xml",
        "data/mail_template_data.xml",
        "views/pos_payment_link_views.xml",
        "views/pos_payment_link_templates.xml",
        "views/res_config_settings_views.xml",
    ],
    "demo": ["demo/pos_payment_link_demo.xml"],
    "assets": {
        "point_of_sale._assets_pos": [
            "pos_payment_link/static/src/app/**/*",
        ],
        "web.assets_tests": [
            "pos_payment_link/static/tests/tours/**/*",
        ],
    },
    "installable": True,
}
