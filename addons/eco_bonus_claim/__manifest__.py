{
    "name": "Eco-organism Bonus Claims",
    "summary": "Shared claim engine for repair bonuses paid by eco-organisms",
    "version": "18.0.1.1.0",
    "category": "Accounting",
    "author": "Repair Suite",
    "website": "https://github.com/repair-suite/repair-suite",
    "license": "LGPL-3",
    "depends": ["account", "mail"],
    "external_dependencies": {
        "python": ["requests", "Pillow", "python-stdnum"],
    },
    "data": [
        "security/eco_bonus_claim_security.xml",
        "security/ir.model.access.csv",
        "data/eco_bonus_claim_data.xml",
        "views/eco_organism_views.xml",
        "views/eco_bonus_claim_views.xml",
    ],
    "installable": True,
}
