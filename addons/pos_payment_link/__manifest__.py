{
    "name": "POS Payment Links",
    "summary": "Deposits, wallet top-ups and credit settlement paid through a link sent by e-mail or SMS",
    "version": "18.0.1.0.0",
    "category": "Sales/Point of Sale",
    "author": "Repair Suite",
    "website": "https://github.com/repair-suite/repair-suite",
    "license": "LGPL-3",
    "depends": ["point_of_sale", "account_payment", "sms"],
    "external_dependencies": {
        "python": ["qrcode", "phonenumbers"],
    },
    "data": [
        "views/res_config_settings_views.xml",
    ],
    "installable": True,
}
