from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user


class TestTrainingAndLegalWatch(TransactionCase):
    """The label's auditor reads the planning of staff training and legal watch,
    what was done, by whom, and prints the register."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(cls.env, "tr_manager", groups="repair_qualirepar.group_repair_manager")
        cls.technician = new_test_user(cls.env, "tr_technician", groups="repair_qualirepar.group_repair_technician")
        cls.Training = cls.env["qualirepar.training"]

    def test_planned_done_and_printed(self):
        in_a_week = fields.Date.context_today(self.Training) + timedelta(days=7)
        training = self.Training.with_user(self.manager).create(
            {"name": "Manipulation des fluides frigorigènes", "date": in_a_week, "fiche": "2", "duration": 7.0}
        )
        legal = self.Training.with_user(self.manager).create(
            {"name": "Décret du 28 juin 2024 sur les pièces issues de l'économie circulaire", "kind": "legal_watch"}
        )
        activity = training.activity_ids
        self.assertEqual((activity.user_id, activity.date_deadline), (self.manager, in_a_week))
        with self.assertRaises(UserError) as caught:
            training.with_user(self.manager).action_done()
        self.assertIn("say who took part", str(caught.exception))
        training.with_user(self.manager).user_ids = self.technician
        training.with_user(self.manager).action_done()
        self.assertEqual((training.state, training.done_on), ("done", fields.Date.context_today(training)))
        self.assertFalse(training.activity_ids, "the reminder is done with it")
        legal.with_user(self.manager).action_done()
        with self.assertRaises(ValidationError):
            legal.done_on = in_a_week
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("repair_qualirepar.report_qualirepar_training", (training | legal).ids)[0]
            .decode()
        )
        for text in ("Staff training", "Legal watch", "fluides frigorigènes", "28 juin 2024", self.technician.name):
            self.assertIn(text, html)

    def test_technicians_read_managers_plan_each_company_its_own(self):
        training = self.Training.with_user(self.manager).create({"name": "Sécurité électrique"})
        self.assertEqual(self.Training.with_user(self.technician).search([("id", "=", training.id)]), training)
        with self.assertRaises(AccessError):
            self.Training.with_user(self.technician).create({"name": "Formation pirate"})
        with self.assertRaises(AccessError):
            training.with_user(self.technician).write({"state": "done"})
        other = self.env["res.company"].create({"name": "Atelier de Lyon"})
        theirs = self.Training.create({"name": "Formation lyonnaise", "company_id": other.id})
        self.assertFalse(self.Training.with_user(self.manager).search([("id", "=", theirs.id)]))
