from datetime import timedelta

from odoo import fields

from odoo.addons.sms.tests.common import SMSCase


class TestRepairSms(SMSCase):
    """Texts at the repair's steps, to numbers read with phonenumbers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.country_id = cls.env.ref("base.fr")
        cls.customer = cls.env["res.partner"].create({"name": "Jeanne Martin", "mobile": "06 12 34 56 78"})
        cls.no_number = cls.env["res.partner"].create({"name": "Paul Durand", "mobile": "06 12"})
        cls.device = cls.env["product.product"].create({"name": "Aspirateur", "type": "consu"})

    def repair(self, partner=None, **values):
        return self.env["repair.order"].create(
            {"partner_id": (partner or self.customer).id, "product_id": self.device.id, **values}
        )

    def test_the_customer_is_texted_when_the_repair_is_done(self):
        repair = self.repair()
        repair.action_validate()
        repair.action_repair_start()
        with self.mockSMSGateway():
            repair.action_repair_end()
        self.assertSMSOutgoing(self.customer, "+33612345678", content=f"is repaired ({repair.name})")

    def test_no_valid_number_no_text_and_the_chatter_says_so(self):
        repair = self.repair(partner=self.no_number)
        repair.action_validate()
        repair.action_repair_start()
        with self.mockSMSGateway():
            repair.action_repair_end()
        self.assertFalse(self.env["sms.sms"].search([("partner_id", "=", self.no_number.id)]))
        self.assertIn("no valid mobile number", repair.message_ids[0].body)

    def test_a_setting_turns_a_text_off(self):
        self.env.company.repair_sms_done = False
        repair = self.repair()
        repair.action_validate()
        repair.action_repair_start()
        repair.action_repair_end()
        self.assertFalse(self.env["sms.sms"].search([("partner_id", "=", self.customer.id)]))

    def test_appointment_reminder_is_sent_once(self):
        tomorrow = self.repair(schedule_date=fields.Datetime.now() + timedelta(hours=20))
        later = self.repair(schedule_date=fields.Datetime.now() + timedelta(days=5))
        with self.mockSMSGateway():
            self.env["repair.order"]._cron_repair_sms()
            self.env["repair.order"]._cron_repair_sms()
        sms = self.env["sms.sms"].search([("partner_id", "=", self.customer.id), ("body", "like", "Reminder")])
        self.assertEqual(len(sms), 1)
        self.assertIn(tomorrow.name, sms.body)
        self.assertTrue(tomorrow.sms_reminder_sent)
        self.assertFalse(later.sms_reminder_sent)

    def test_an_appointment_is_confirmed_once_and_again_when_moved(self):
        day = (fields.Datetime.now() + timedelta(days=3)).replace(hour=14, minute=30, second=0, microsecond=0)
        with self.mockSMSGateway():
            repair = self.repair(schedule_date=day)
        self.assertSMSOutgoing(self.customer, "+33612345678", content=f"{repair.name} at")
        sms = self.env["sms.sms"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(len(sms), 1)
        self.assertIn("is confirmed for", sms.body)
        with self.mockSMSGateway():
            repair.write({"schedule_date": day, "internal_notes": "<p>Apporter le chargeur</p>"})
            repair.failure_description = "Ne charge plus"
        self.assertEqual(len(self.env["sms.sms"].search([("partner_id", "=", self.customer.id)])), 1, "once")
        repair.sms_reminder_sent = True
        with self.mockSMSGateway():
            repair.schedule_date = day + timedelta(days=1)
        self.assertEqual(len(self.env["sms.sms"].search([("partner_id", "=", self.customer.id)])), 2, "moved")
        self.assertFalse(repair.sms_reminder_sent, "reminded again before the new day")
        # a device taken in now is no appointment; a shop may turn the texts off
        with self.mockSMSGateway():
            self.repair()
            self.env.company.repair_sms_appointment = False
            self.repair(schedule_date=day)
        self.assertEqual(len(self.env["sms.sms"].search([("partner_id", "=", self.customer.id)])), 2)
