from datetime import date, datetime

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, new_test_user

from .common import device_types


class TestRepairRoles(TransactionCase):
    """Technician, front desk, manager and accountant each do their part of a
    repair, and on site only a technician qualified for the fiche goes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        user = new_test_user
        cls.technician = user(cls.env, "qr_role_tech", groups="repair_qualirepar.group_repair_technician")
        cls.front_desk = user(cls.env, "qr_role_desk", groups="repair_qualirepar.group_repair_front_desk")
        cls.manager = user(cls.env, "qr_role_manager", groups="repair_qualirepar.group_repair_manager")
        cls.accountant = user(cls.env, "qr_role_accountant", groups="account.group_account_invoice")
        cls.washer, cls.tv = device_types(cls.env, ("LL", "Lave-linge", "1"), ("TV", "Téléviseur", "4"))
        cls.device = cls.env["product.product"].create({"name": "Appareil du client", "type": "consu"})
        cls.customer = cls.env["res.partner"].create({"name": "Claire Petit"})

    def new_repair(self, user, **values):
        return (
            self.env["repair.order"]
            .with_user(user)
            .create({"partner_id": self.customer.id, "product_id": self.device.id, **values})
        )

    def qualify(self, user, fiche, date_from=date(2024, 1, 1), date_to=False):
        return (
            self.env["qualirepar.qualification"]
            .with_user(self.manager)
            .create({"user_id": user.id, "fiche": fiche, "date_from": date_from, "date_to": date_to})
        )

    def test_front_desk_takes_in_and_quotes_the_technician_repairs(self):
        repair = self.new_repair(self.front_desk, qualirepar_product_type_id=self.washer.id)
        repair.action_create_sale_order()
        self.assertTrue(repair.sale_order_id, "the front desk makes the quote")
        with self.assertRaises(AccessError):
            self.new_repair(self.technician).action_create_sale_order()
        workshop = repair.with_user(self.technician)
        workshop.control_answer_ids.write({"result": "ok"})
        workshop.action_validate()
        workshop.action_repair_start()
        self.assertEqual(repair.state, "under_repair")
        self.assertEqual(workshop.control_answer_ids.checked_by_id, self.technician)

    def test_only_managers_configure(self):
        point = self.env.ref("repair_qualirepar.control_point_identity")
        with self.assertRaises(AccessError):
            point.with_user(self.front_desk).mandatory = False
        point.with_user(self.manager).mandatory = False
        self.assertFalse(point.mandatory)
        with self.assertRaises(AccessError):
            self.qualify(self.technician, "1").with_user(self.technician).date_to = date(2030, 1, 1)
        with self.assertRaises(AccessError):
            self.env["qualirepar.qualification"].with_user(self.front_desk).create(
                {"user_id": self.front_desk.id, "fiche": "1"}
            )

    def test_accountant_reads_repairs_but_does_not_change_them(self):
        repair = self.new_repair(self.front_desk)
        self.assertEqual(repair.with_user(self.accountant).partner_id, self.customer)
        with self.assertRaises(AccessError):
            repair.with_user(self.accountant).internal_notes = "changé"
        with self.assertRaises(AccessError):
            self.new_repair(self.accountant)

    def test_other_company_repairs_are_out_of_reach(self):
        other = self.env["res.company"].create({"name": "Atelier de Lyon"})
        lyon_technician = new_test_user(
            self.env,
            "qr_role_lyon",
            groups="repair_qualirepar.group_repair_technician",
            company_id=other.id,
            company_ids=[other.id],
        )
        repair = self.new_repair(self.front_desk)
        self.assertFalse(self.env["repair.order"].with_user(lyon_technician).search([("id", "=", repair.id)]))
        qualification = self.qualify(self.technician, "1")
        self.assertFalse(
            self.env["qualirepar.qualification"].with_user(lyon_technician).search([("id", "=", qualification.id)])
        )

    def test_on_site_only_a_qualified_technician(self):
        self.qualify(self.technician, "1", date_to=date(2025, 12, 31))
        day = datetime(2025, 6, 2, 9)
        repair = self.new_repair(
            self.front_desk,
            qualirepar_product_type_id=self.washer.id,
            on_site=True,
            user_id=self.technician.id,
            schedule_date=day,
        )
        self.assertIn(self.technician, repair.qualified_technician_ids)
        self.assertNotIn(self.front_desk, repair.qualified_technician_ids)
        with self.assertRaises(ValidationError) as caught:
            repair.user_id = self.front_desk
        self.assertIn("is not qualified for the fiche", str(caught.exception))
        self.assertEqual(repair.user_id, self.technician, "nothing written")
        with self.assertRaises(ValidationError):
            repair.qualirepar_product_type_id = self.tv
        with self.assertRaises(ValidationError, msg="the qualification has expired"):
            repair.schedule_date = datetime(2026, 2, 2, 9)
        # in the workshop any technician repairs
        repair.on_site = False
        repair.write({"user_id": self.front_desk.id, "qualirepar_product_type_id": self.tv.id})
        self.assertEqual(repair.user_id, self.front_desk)

    def test_a_qualification_ends_after_it_starts(self):
        with self.assertRaises(ValidationError):
            self.qualify(self.technician, "4", date_from=date(2025, 1, 1), date_to=date(2024, 1, 1))
