from odoo import Command
from odoo.tests import tagged

from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon


@tagged("post_install", "-at_install")
class TestSettleOnAccount(TestPointOfSaleHttpCommon):
    """A confirmed sale order settled at the till on account is owed once."""

    def test_a_settled_order_on_account_is_owed_once(self):
        config = self.main_pos_config
        account = self.env["pos.payment.method"].create(
            {"name": "Compte client", "split_transactions": True, "company_id": config.company_id.id}
        )
        config.write(
            {
                "payment_method_ids": [Command.link(account.id)],
                "pos_credit_control": "block",
                "pos_credit_display": "after",
            }
        )
        customer = self.env["res.partner"].create(
            {"name": "Cordonnerie Martin", "is_company": True, "pos_credit_mode": "limited", "credit_limit": 100.0}
        )
        product = self.env["product.product"].create(
            {
                "name": "Ressemelage",
                "type": "service",
                "list_price": 80.0,
                "taxes_id": [Command.clear()],
                "available_in_pos": True,
            }
        )
        order = self.env["sale.order"].create(
            {"partner_id": customer.id, "order_line": [Command.create({"product_id": product.id, "price_unit": 80.0})]}
        )
        order.action_confirm()
        customer.invalidate_recordset()
        self.assertEqual(customer.customer_credit_available, 20.0)
        # pos_sale: the cashier who settles sale orders also sells
        self.pos_user.groups_id += self.env.ref("sales_team.group_sale_salesman_all_leads")
        config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("CustomerCreditSettleOrderTour")
        pos_order = order.order_line.pos_order_line_ids.order_id
        self.assertEqual(pos_order.payment_ids.mapped(lambda p: (p.payment_method_id, p.amount)), [(account, 80.0)])
        self.assertFalse(pos_order.message_ids.filtered(lambda m: "over the credit" in str(m.body)))
        customer.invalidate_recordset()
        self.assertEqual((customer.customer_credit_open, customer.customer_credit_available), (80.0, 20.0))
