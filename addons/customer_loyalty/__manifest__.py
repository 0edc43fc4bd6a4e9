{
    "name": "Customer Loyalty and Credit Control",
    "summary": "Loyalty cards with tiers, credit limit control in the POS, customer insights and consents",
    "version": "18.0.1.0.0",
    "category": "Sales/Point of Sale",
    "author": "Repair Suite",
    "website": "https://github.com/repair-suite/repair-suite",
    "license": "LGPL-3",
    "depends": ["pos_loyalty"],
    "external_dependencies": {
        "python": ["phonenumbers", "python-stdnum"],
    },
    "data": [
        "security/loyalty_card_security.xml",
        "security/customer_data_security.xml",
        "security/ir.model.access.csv",
        "data/customer_consent_data.xml",
        "report/consent_form_report.xml",
        "views/consent_views.xml",
        "data/loyalty_card_data.xml",
        "views/loyalty_card_views.xml",
        "views/loyalty_card_settings_views.xml",
        "views/res_config_settings_views.xml",
        "views/res_partner_views.xml",
    ],
    "assets": {
        "point_of_sale._assets_pos": [
            "customer_loyalty/static/src/app/loyalty_cards/**/*",
            "customer_loyalty/static/src/app/customer_data/**/*",
        ],
        "web.assets_tests": [
            "customer_loyalty/static/tests/tours/loyalty_cards_tour.js",
            "customer_loyalty/static/tests/tours/customer_data_tour.js",
        ],
    },
    "demo": [
        "demo/loyalty_card_demo.xml",
        "demo/customer_data_demo.xml",
    ],
    "installable": True,
}
