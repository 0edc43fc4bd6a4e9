from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user

from .common import device_types


class TestControlPoints(TransactionCase):
    """Check-in and check-out points per fiche métier; mandatory ones block."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.technician = new_test_user(cls.env, "qr_cp_tech", groups="repair_qualirepar.group_repair_technician")
        cls.steam, cls.tv = device_types(cls.env, ("CV", "Centrale vapeur", "3"), ("TV", "Téléviseur", "4"))
        cls.device = cls.env["product.product"].create({"name": "Centrale vapeur du client", "type": "consu"})
        cls.customer = cls.env["res.partner"].create({"name": "Paul Durand"})

    def repair(self, product_type):
        return (
            self.env["repair.order"]
            .with_user(self.technician)
            .create(
                {
                    "partner_id": self.customer.id,
                    "product_id": self.device.id,
                    "qualirepar_product_type_id": product_type.id,
                }
            )
        )

    def answer(self, repair, stage, result="ok"):
        repair.control_answer_ids.filtered(lambda a: a.stage == stage).write({"result": result})

    def test_the_points_of_the_fiche_and_of_every_repair(self):
        steam = self.repair(self.steam).control_answer_ids.point_id
        self.assertIn(self.env.ref("repair_qualirepar.control_point_pem_steam"), steam)
        self.assertIn(self.env.ref("repair_qualirepar.control_point_identity"), steam)
        self.assertNotIn(self.env.ref("repair_qualirepar.control_point_tv_image"), steam)
        repair = self.repair(self.steam)
        self.answer(repair, "check_in")
        repair.qualirepar_product_type_id = self.tv
        points = repair.control_answer_ids
        self.assertIn(self.env.ref("repair_qualirepar.control_point_tv_image"), points.point_id)
        self.assertTrue(
            points.filtered(lambda a: a.point_id == self.env.ref("repair_qualirepar.control_point_identity")).result,
            "answers already given stay",
        )

    def test_mandatory_check_in_blocks_the_start_and_check_out_the_end(self):
        repair = self.repair(self.steam)
        repair.action_validate()
        with self.assertRaises(UserError) as caught:
            repair.action_repair_start()
        self.assertIn("Device identified", str(caught.exception))
        self.assertEqual(repair.state, "confirmed")
        self.answer(repair, "check_in")
        self.assertEqual(repair.control_answer_ids.filtered("result")[:1].checked_by_id, self.technician)
        repair.action_repair_start()
        self.assertEqual(repair.state, "under_repair")
        with self.assertRaises(UserError) as caught:
            repair.action_repair_end()
        self.assertIn("Pressure test", str(caught.exception))
        self.assertNotIn("Microwave", str(caught.exception), "optional points do not block")
        self.answer(repair, "check_out", "na")
        repair.action_repair_end()
        self.assertEqual(repair.state, "done")

    def test_technicians_answer_managers_configure(self):
        point = self.env.ref("repair_qualirepar.control_point_pem_steam")
        with self.assertRaises(AccessError):
            point.with_user(self.technician).mandatory = False
        self.assertEqual(point.with_user(self.technician).name, "Pressure test of the steam appliance")

    def test_verification_report(self):
        repair = self.repair(self.steam)
        self.answer(repair, "check_in")
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "repair_qualirepar.action_report_control_points", repair.ids
        )
        html = html.decode()
        self.assertIn("Verification report", html)
        self.assertIn("Pressure test of the steam appliance", html)
        self.assertIn("Compliant", html)

    def test_repairs_outside_qualirepar_keep_odoos_flow(self):
        repair = self.env["repair.order"].create({"partner_id": self.customer.id, "product_id": self.device.id})
        self.assertFalse(repair.control_answer_ids)
        repair.action_validate()
        repair.action_repair_start()
        repair.action_repair_end()
        self.assertEqual(repair.state, "done")

    def test_on_site_beyond_the_declared_zone_needs_a_reason(self):
        self.env.company.partner_id.write({"partner_latitude": 48.8566, "partner_longitude": 2.3522})  # Paris
        lyon = self.env["res.partner"].create(
            {"name": "Client lyonnais", "partner_latitude": 45.764, "partner_longitude": 4.8357}
        )
        versailles = self.env["res.partner"].create(
            {"name": "Client versaillais", "partner_latitude": 48.8049, "partner_longitude": 2.1204}
        )
        far = self.env["repair.order"].create({"partner_id": lyon.id, "product_id": self.device.id, "on_site": True})
        self.assertAlmostEqual(far.intervention_distance, 392, delta=5)
        self.assertTrue(far.outside_zone)
        with self.assertRaises(UserError) as caught:
            far.action_validate()
        self.assertIn("beyond the declared zone of 100 km", str(caught.exception))
        self.assertEqual(far.state, "draft")
        far.zone_reason = "Client sous contrat, appareil non transportable"
        far.action_validate()
        self.assertEqual(far.state, "confirmed")
        near = self.env["repair.order"].create(
            {"partner_id": versailles.id, "product_id": self.device.id, "on_site": True}
        )
        self.assertLess(near.intervention_distance, 20)
        self.assertFalse(near.outside_zone)
        self.env.company.repair_zone_km = 500
        far.invalidate_recordset()
        self.assertFalse(far.outside_zone, "the zone is a setting")

    def test_an_address_that_cannot_be_placed_is_said_not_passed(self):
        self.env.company.partner_id.write({"partner_latitude": 48.8566, "partner_longitude": 2.3522})  # Paris
        customer = self.env["res.partner"].create(
            {"name": "Client introuvable", "street": "1 chemin perdu", "city": "Nulle-part"}
        )
        repair = self.env["repair.order"].create(
            {"partner_id": customer.id, "product_id": self.device.id, "on_site": True}
        )
        self.assertEqual(repair.unplaced_partner_ids, customer)
        self.assertFalse(repair.outside_zone)
        with self.assertRaises(UserError) as caught:
            repair.action_validate()
        self.assertIn("Client introuvable could not be placed on the map", str(caught.exception))
        self.assertEqual(repair.state, "draft")
        # the geolocation server knows no such address, then it does (Odoo's base.geocoder)
        geocoder = type(self.env["base.geocoder"])
        with patch.object(geocoder, "geo_find", return_value=None), self.assertRaises(UserError) as caught:
            repair.action_geolocate_addresses()
        self.assertIn("Client introuvable could not be placed", str(caught.exception))
        with patch.object(geocoder, "geo_find", return_value=(45.764, 4.8357)):  # Lyon
            repair.action_geolocate_addresses()
        self.assertEqual((customer.partner_latitude, customer.partner_longitude), (45.764, 4.8357))
        self.assertFalse(repair.unplaced_partner_ids)
        self.assertTrue(repair.outside_zone, "placed: Lyon is beyond the 100 km zone")
        with self.assertRaises(UserError):
            repair.action_validate()
        # a reason lets a repair go where the address cannot be placed, as beyond the zone
        elsewhere = self.env["repair.order"].create(
            {"partner_id": self.env["res.partner"].create({"name": "Sans adresse"}).id, "on_site": True}
        )
        elsewhere.zone_reason = "Ferme isolée, adresse sans numéro : 12 km d'après le client"
        elsewhere.action_validate()
        self.assertEqual(elsewhere.state, "confirmed")

    def test_an_inventory_user_is_stopped_by_the_points_not_by_their_rights(self):
        # Odoo lets Inventory users start and end repairs; the label's points stop
        # them as they stop a technician, with the same message
        storekeeper = new_test_user(self.env, "qr_cp_stock", groups="stock.group_stock_user")
        repair = self.repair(self.steam)
        repair.action_validate()
        repair = repair.with_user(storekeeper)
        with self.assertRaises(UserError) as caught:
            repair.action_repair_start()
        self.assertIn("Device identified", str(caught.exception))
        self.answer(repair.with_user(self.technician), "check_in")
        repair.action_repair_start()
        self.assertEqual(repair.state, "under_repair")
