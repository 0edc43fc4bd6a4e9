import ast

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user


class TestQualiReparSetup(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(cls.env, "repair_manager", groups="repair_qualirepar.group_repair_manager")
        cls.technician = new_test_user(cls.env, "technician", groups="repair_qualirepar.group_repair_technician")
        cls.partner = cls.env["res.partner"].create({"name": "Ecosystem", "is_company": True})

    def test_manager_adds_both_eco_organisms(self):
        organisms = self.env["eco.organism"].with_user(self.manager)
        created = organisms.browse()
        for code in ("ecosystem", "ecologic"):
            created |= organisms.create({"name": code.title(), "code": code, "partner_id": self.partner.id})
        action = self.env.ref("repair_qualirepar.eco_organism_action_qualirepar")
        found = organisms.search(ast.literal_eval(action.domain)) & created
        self.assertEqual(sorted(found.mapped("code")), ["ecologic", "ecosystem"])

    def test_technician_reads_but_cannot_configure(self):
        organism = self.env["eco.organism"].create(
            {"name": "Ecologic", "code": "ecologic", "partner_id": self.partner.id}
        )
        self.assertEqual(organism.with_user(self.technician).name, "Ecologic")
        with self.assertRaises(AccessError):
            organism.with_user(self.technician).write({"environment": "production"})

    def test_menu_in_repair_configuration(self):
        menu = self.env.ref("repair_qualirepar.eco_organism_menu_qualirepar")
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(self.manager)._visible_menu_ids())
        self.assertNotIn(menu.id, self.env["ir.ui.menu"].with_user(self.technician)._visible_menu_ids())
