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
        "views/res_config_settings_views.xml",
        "views/res_partner_views.xml",
    ],
    "installable": True,
}
