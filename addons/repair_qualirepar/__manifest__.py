{
    "name": "QualiRépar Repair Bonus",
    "summary": "QualiRépar bonus on repair orders, claimed from Ecosystem and Ecologic",
    "version": "18.0.1.0.0",
    "category": "Manufacturing/Repair",
    "author": "Repair Suite",
    "website": "https://github.com/repair-suite/repair-suite",
    "license": "LGPL-3",
    "depends": ["repair", "sale_management", "portal", "sms", "survey", "eco_bonus_claim"],
    "external_dependencies": {
        "python": ["requests", "python-stdnum", "qrcode", "phonenumbers"],
    },
    "data": [
        "security/repair_qualirepar_security.xml",
        "security/ir.model.access.csv",
        "data/repair_qualirepar_data.xml",
        "data/qualirepar_control_point_data.xml",
        "data/repair_sms_data.xml",
        "data/repair_survey_data.xml",
        "views/eco_organism_views.xml",
        "views/eco_bonus_claim_views.xml",
        "views/qualirepar_catalog_views.xml",
        "views/repair_order_views.xml",
        "views/control_point_views.xml",
        "views/repair_document_views.xml",
        "views/qualification_views.xml",
        "report/qualirepar_report_templates.xml",
        "report/repair_voucher_report.xml",
        "views/repair_portal_templates.xml",
        "views/repair_survey_views.xml",
    ],
    "assets": {
        "web.assets_frontend": [
            "repair_qualirepar/static/src/js/portal_repair_status.js",
        ],
        "web.assets_tests": [
            "repair_qualirepar/static/tests/tours/*.js",
        ],
    },
    "demo": [
        "demo/repair_qualirepar_demo.xml",
    ],
    "installable": True,
}
