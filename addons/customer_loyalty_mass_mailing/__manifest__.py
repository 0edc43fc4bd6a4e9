{
    "name": "Customer Consents: Email Marketing",
    "summary": "Mailings leave out the customers who refused the marketing consent",
    "version": "18.0.1.0.0",
    "category": "Marketing/Email Marketing",
    "author": "Repair Suite",
    "website": "https://github.com/repair-suite/repair-suite",
    "license": "LGPL-3",
    "depends": ["customer_loyalty", "mass_mailing"],
    "auto_install": True,
    "installable": True,
}
