{
    "name": "Customer Returns (RMA)",
    "summary": "Customer returns from request to refund, restock or exchange, with a portal",
    "version": "18.0.1.1.0",
    "category": "Sales/Sales",
    "author": "Repair Suite",
    "website": "https://github.com/repair-suite/repair-suite",
    "license": "LGPL-3",
    "depends": ["sale_stock", "stock_delivery", "portal"],
    "external_dependencies": {
        "python": ["qrcode"],
    },
    "data": [
        "security/sale_rma_security.xml",
        "security/ir.model.access.csv",
        "data/sale_rma_data.xml",
        "report/sale_rma_report.xml",
        "data/mail_template_data.xml",
        "views/sale_rma_views.xml",
        "views/res_config_settings_views.xml",
        "views/sale_rma_portal_templates.xml",
    ],
    "demo": [
        "demo/sale_rma_demo.xml",
    ],
    "installable": True,
}
