{
    "name": "POS Refashion Repair Bonus",
    "summary": "Deduct the Refashion repair bonus at the till and claim it back",
    "version": "18.0.1.0.0",
    "category": "Sales/Point of Sale",
    "author": "Repair Suite",
    "website": "https://github.com/repair-suite/repair-suite",
    "license": "LGPL-3",
    "depends": ["point_of_sale", "eco_bonus_claim"],
    "data": [
        "security/pos_repair_bonus_security.xml",
        "views/eco_organism_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "installable": True,
}
