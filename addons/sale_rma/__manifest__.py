{
    "name": "Customer Returns (RMA)",
    "summary": "Customer returns from request to refund, restock or exchange, with a portal",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "author": "Repair Suite",
    "website": "https://github.com/repair-suite/repair-suite",
    "license": "LGPL-3",
    "depends": ["sale_stock", "portal"],
    "external_dependencies": {
        "python": ["qrcode"],
    },
    "data": [
        "views/res_config_settings_views.xml",
    ],
    "installable": True,
}
