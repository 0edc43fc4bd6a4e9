import threading

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon
from odoo.addons.pos_payment_link.tests.common import demo_provider, pay_with_demo
from odoo.addons.pos_repair_bonus.tests.common import b64, jpeg_photo, refashion_account, repair_product


@tagged("post_install", "-at_install")
class TestRepairDepositLink(TestPointOfSaleHttpCommon):
    """A repair left with a deposit paid by link: the sale order keeps the repair types
    and photos, the pick-up applies the bonus with them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        config = cls.main_pos_config
        cls.refashion = refashion_account(cls.env, pos_config_ids=[Command.link(config.id)])
        cls.link_method = cls.env["pos.payment.method"].create(
            {"name": "Payment link", "is_payment_link": True, "split_transactions": True}
        )
        config.payment_method_ids = [Command.link(cls.link_method.id)]
        config.down_payment_product_id = cls.env.ref("pos_sale.default_downpayment_product")
        cls.env["ir.config_parameter"].set_param("pos_payment_link.poll_seconds", 1)
        cls.provider = demo_provider(cls.env, config.company_id, cls.company_data["default_journal_bank"])
        cls.customer = cls.env["res.partner"].create(
            {"name": "Claire Petit", "email": "claire.petit@example.com", "country_id": cls.env.ref("base.fr").id}
        )
        cls.resole_type = cls.env.ref("pos_repair_bonus.type_shoes_ressemelage_cuir")
        cls.resole = repair_product(
            cls.env, "Ressemelage cuir", 40.0, ["type_shoes_ressemelage_cuir", "type_shoes_bonbout"]
        )
        # pos_sale records the deduction on the sale order: the cashier also sells
        cls.pos_user.groups_id += cls.env.ref("sales_team.group_sale_salesman_all_leads")

    def deposit(self, **line):
        return (
            self.env["pos.payment.link"]
            .with_user(self.pos_user)
            .create_deposit_from_pos(
                self.main_pos_config.id,
                {
                    "partner_id": self.customer.id,
                    "lines": [
                        {
                            "product_id": self.resole.id,
                            "qty": 1,
                            "price_unit": 40.0,
                            "discount": 0.0,
                            "eco_bonus_repair_type_ids": self.resole_type.ids,
                            "eco_bonus_item": 0,
                            "eco_bonus_photos": [{"name": "pair.jpg", "image": b64(jpeg_photo(640, 480))}],
                            **line,
                        }
                    ],
                },
                {"amount": 16.0, "channel": "email", "address": self.customer.email},
            )
        )

    def test_the_deposit_order_keeps_types_and_photos(self):
        link = self.env["pos.payment.link"].browse(self.deposit()["id"])
        line = link.sale_order_id.order_line
        self.assertEqual(line.eco_bonus_repair_type_ids, self.resole_type)
        self.assertEqual(line.eco_bonus_photo_ids.mapped("name"), ["pair.jpg"])
        self.assertEqual(link.amount, 16.0)

    def test_a_type_the_product_cannot_claim_sends_no_link(self):
        other = self.env["eco.bonus.repair.type"].search(
            [("id", "not in", self.resole.eco_bonus_repair_type_ids.ids)], limit=1
        )
        before = self.env["pos.payment.link"].search_count([])
        with self.assertRaises(ValidationError):
            self.deposit(eco_bonus_repair_type_ids=other.ids)
        self.assertEqual(self.env["pos.payment.link"].search_count([]), before)

    def test_deposit_by_link_then_pick_up_applies_the_bonus_with_the_photos(self):
        Link = type(self.env["pos.payment.link"])
        send = Link._send
        sent = threading.Event()
        paid = []

        def watched_send(link, channel, address):
            result = send(link, channel, address)
            paid.append(link.id)
            sent.set()
            return result

        self.patch(Link, "_send", watched_send)

        def customer_pays():
            # the customer pays on their phone while the dialog waits
            if sent.wait(90) and paid:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    link = env["pos.payment.link"].browse(paid[0])
                    pay_with_demo(env, link, self.provider.with_env(env))

        customer = threading.Thread(target=customer_pays, daemon=True)
        customer.start()
        self.addCleanup(customer.join, 10)
        self.addCleanup(sent.set)
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("RepairBonusDepositLinkTour", login="pos_user")
        self.env.invalidate_all()
        link = self.env["pos.payment.link"].browse(paid[0])
        self.assertEqual((link.state, link.amount), ("paid", 16.0))
        pick_up = link.deposit_pos_order_id
        self.assertEqual(pick_up.state, "paid")
        repair = pick_up.lines.filtered(lambda l: l.product_id == self.resole)
        self.assertEqual(repair.eco_bonus_repair_type_ids, self.resole_type)
        self.assertEqual(len(repair.eco_bonus_photo_ids), 2)
        self.assertEqual(
            sorted(pick_up.payment_ids.mapped(lambda p: (p.payment_method_id.name, p.amount))),
            [(self.refashion.payment_method_id.name, 24.0)],
        )
        self.env["pos.order"]._eco_bonus_create_pending_claims()
        claim = pick_up.eco_bonus_claim_ids
        self.assertEqual(claim.state, "pending", claim.review_reason)
        self.assertEqual((claim.amount, claim.repair_amount, claim.pos_photo_count), (24.0, 40.0, 2))
