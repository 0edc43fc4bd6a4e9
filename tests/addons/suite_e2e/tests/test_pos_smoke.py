from odoo.tests import tagged

from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon


@tagged("post_install", "-at_install")
class TestPosSmoke(TestPointOfSaleHttpCommon):
    """The till still sells with every addon of the suite and the French POS
    certification installed, in a real headless Chromium."""

    def test_cashier_sells_and_prints_the_receipt(self):
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("SuiteSmokeTour")
        order = self.env["pos.order"].search([("session_id", "=", self.main_pos_config.current_session_id.id)])
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "paid")
        self.assertEqual(order.lines.product_id.name, "Desk Pad")
        self.assertAlmostEqual(order.amount_paid, order.amount_total)
