{
    "name": "Customer Returns: Repair",
    "summary": "Repair as the outcome of a customer return: a repair order, then the goods back to the customer",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "author": "Repair Suite",
    "website": "https://github.com/repair-suite/repair-suite",
    "license": "LGPL-3",
    "depends": ["sale_rma", "repair"],
    "data": [
        "views/sale_rma_views.xml",
        "views/repair_order_views.xml",
    ],
    "auto_install": True,
    "installable": True,
}
