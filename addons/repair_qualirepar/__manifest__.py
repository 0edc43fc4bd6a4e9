{
    "name": "QualiRépar Repair Bonus",
    "summary": "QualiRépar bonus on repair orders, claimed from Ecosystem and Ecologic",
    "version": "18.0.1.0.0",
    "category": "Manufacturing/Repair",
    "author": "Repair Suite",
    "website": "https://github.com/repair-suite/repair-suite",
    "license": "LGPL-3",
    "depends": ["repair", "portal", "eco_bonus_claim"],
    "external_dependencies": {
        "python": ["requests"],
    },
    "data": [
        "security/repair_qualirepar_security.xml",
        "security/ir.model.access.csv",
        "data/repair_qualirepar_data.xml",
        "views/eco_organism_views.xml",
        "views/qualirepar_catalog_views.xml",
    ],
    "installable": True,
}
