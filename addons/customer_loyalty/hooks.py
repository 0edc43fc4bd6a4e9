def post_init_hook(env):
    """Install day: the customers keep the sales on account they had.

    Before this addon, Odoo's till offers "Customer Account" to every customer, and
    Odoo's own credit limit (Accounting settings, "Sales Credit Limit") is the only
    limit a shop has set. The till now hides the method from customers without
    credit, so the customers already there get, per company, the credit Odoo gave
    them: limited to their credit limit where the company uses Odoo's limits and they
    have one, unlimited otherwise. Customers created after the install start with
    none until someone gives them credit (never unlimited from the till)."""
    env["res.partner"]._pos_credit_keep_existing()
