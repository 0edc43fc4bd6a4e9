{
    "name": "QualiRépar Repair Bonus",
    "summary": "QualiRépar bonus on repair orders, claimed from Ecosystem and Ecologic",
    "version": "18.0.1.0.0",
    "category": "Manufacturing/Repair",
    "author": "Repair Suite",
    "website": "https://github.com/repair-suite/repair-suite",
    "license": "LGPL-3",
    "depends": ["repair", "portal", "eco_bonus_claim"],
    "data": [
        "security/repair_qualirepar_security.xml",
        "views/eco_organism_views.xml",
    ],
    "installable": True,
}
