{
    "name": "QualiRépar Repair Bonus",
    "summary": "QualiRépar bonus on repair orders, claimed from Ecosystem and Ecologic",
    "version": "18.0.1.0.0",
    "category": "Manufacturing/Repair",
    "author": "Repair Suite",
    "website": "https://github.com/repair-suite/repair-suite",
    "license": "LGPL-3",
    "depends": ["repair", "sale_management", "portal", "eco_bonus_claim"],
    "external_dependencies": {
        "python": ["requests", "python-stdnum"],
    },
    "data": [
        "security/repair_qualirepar_security.xml",
        "security/ir.model.access.csv",
        "data/repair_qualirepar_data.xml",
        "data/qualirepar_control_point_data.xml",
        "views/eco_organism_views.xml",
        "views/qualirepar_catalog_views.xml",
        "views/repair_order_views.xml",
        "views/control_point_views.xml",
        "report/qualirepar_report_templates.xml",
    ],
    "demo": [
        "demo/repair_qualirepar_demo.xml",
    ],
    "installable": True,
}
