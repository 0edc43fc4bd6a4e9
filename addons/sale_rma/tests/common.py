from odoo import Command
from odoo.tests import Form, new_test_user


class RmaCase:
    """An order of two products (and its shipping) delivered and invoiced, and the
    people who handle its returns."""

    @classmethod
    def setup_rma(cls):
        env = cls.env
        # after-sales staff who also invoice (the credit notes are theirs to post)
        cls.rma_user = new_test_user(env, "rma_user", groups="sale_rma.group_rma_user,account.group_account_invoice")
        cls.rma_clerk = new_test_user(env, "rma_clerk", groups="sale_rma.group_rma_user")
        cls.accountant = new_test_user(env, "rma_accountant", groups="account.group_account_invoice")
        cls.warehouse_user = new_test_user(env, "rma_warehouse", groups="stock.group_stock_user")
        cls.rma_manager = new_test_user(env, "rma_manager", groups="sale_rma.group_rma_manager")
        cls.salesman = new_test_user(env, "rma_salesman", groups="sales_team.group_sale_salesman")
        # a French shop: 20 % VAT on what it sells, tax excluded in the prices
        cls.tax = env["account.tax"].create(
            {"name": "TVA 20 %", "amount": 20.0, "type_tax_use": "sale", "price_include_override": "tax_excluded"}
        )
        product = env["product.product"].create
        cls.shoes = product(
            {
                "name": "Chaussures de ville",
                "is_storable": True,
                "list_price": 100.0,
                "taxes_id": [Command.set(cls.tax.ids)],
            }
        )
        cls.belt = product(
            {"name": "Ceinture cuir", "is_storable": True, "list_price": 50.0, "taxes_id": [Command.set(cls.tax.ids)]}
        )
        cls.boots = product(
            {"name": "Bottines", "is_storable": True, "list_price": 130.0, "taxes_id": [Command.set(cls.tax.ids)]}
        )
        cls.shipping = product(
            {"name": "Livraison", "type": "service", "list_price": 6.0, "taxes_id": [Command.set(cls.tax.ids)]}
        )
        cls.warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
        cls.stock = cls.warehouse.lot_stock_id
        for item in (cls.shoes, cls.belt, cls.boots):
            env["stock.quant"]._update_available_quantity(item, cls.stock, 10)
        cls.customer = env["res.partner"].create(
            {"name": "Jeanne Martin", "email": "jeanne.martin@example.fr", "street": "12 rue des Lilas", "city": "Lyon"}
        )
        cls.wrong_size = env.ref("sale_rma.reason_wrong_size")

    @classmethod
    def delivered_order(cls, invoice=True, partner=None):
        order = cls.env["sale.order"].create(
            {
                "partner_id": (partner or cls.customer).id,
                "order_line": [
                    Command.create({"product_id": cls.shoes.id, "product_uom_qty": 3, "price_unit": 100.0}),
                    Command.create({"product_id": cls.belt.id, "product_uom_qty": 2, "price_unit": 50.0}),
                    Command.create(
                        {"product_id": cls.shipping.id, "product_uom_qty": 1, "price_unit": 6.0, "is_delivery": True}
                    ),
                ],
            }
        )
        order.action_confirm()
        cls.validate(order.picking_ids)
        if invoice:
            order._create_invoices().action_post()
        return order

    @staticmethod
    def validate(pickings):
        for move in pickings.move_ids:
            move.quantity = move.product_uom_qty
        pickings.move_ids.picked = True
        pickings.button_validate()

    def receive(self, rma, user=None):
        reception = rma.picking_ids.filtered(lambda p: p.picking_type_code == "incoming" and p.state != "done")
        self.validate(reception.with_user(user) if user else reception)
        return reception

    def process(self, rma, user=None, **values):
        """The processing wizard as filled in its form; ``lines``: ``{index: values}``."""
        wizard = self.env["sale.rma.process"].with_user(user or self.rma_user).with_context(default_rma_id=rma.id)
        form = Form(wizard)
        for key, value in values.items():
            if key != "lines":
                setattr(form, key, value)
        for index, line_values in (values.get("lines") or {}).items():
            with form.line_ids.edit(index) as line:
                for key, value in line_values.items():
                    setattr(line, key, value)
        return form

    def new_rma(self, order, quantities, user=None, outcome="refund"):
        """A return of ``{product: quantity}`` made in the form, as staff do."""
        form = Form(self.env["sale.rma"].with_user(user or self.rma_user))
        form.order_id = order
        wanted = {product.id: quantity for product, quantity in quantities.items()}
        for index in reversed(range(len(form.line_ids))):
            if form.line_ids.edit(index).product_id.id not in wanted:
                form.line_ids.remove(index)
        for index in range(len(form.line_ids)):
            with form.line_ids.edit(index) as line:
                line.quantity = wanted[line.product_id.id]
                line.reason_id = self.wrong_size
                line.outcome = outcome
        return form.save()

    def qty(self, product, location):
        return self.env["stock.quant"]._get_available_quantity(product, location)
