from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestCreditMethods(TransactionCase):
    """customer_loyalty controls the credit of sales on account, which Odoo knows as
    journal-less methods; the payment link and repair bonus methods are journal-less
    too, yet no customer's credit: a deposit paid online, a bonus the eco-organism owes."""

    def test_only_the_customer_account_is_credit(self):
        Method = self.env["pos.payment.method"]
        account = Method.create({"name": "Compte client", "split_transactions": True})
        link = self.env.ref("pos_payment_link.pos_payment_method_payment_link")
        organism = self.env["eco.organism"].create(
            {
                "name": "Refashion",
                "code": "refashion",
                "partner_id": self.env["res.partner"].create({"name": "Refashion", "is_company": True}).id,
                "siret": "73282932000074",
                "account_email": "atelier@example.fr",
            }
        )
        bonus = Method.create({"name": "Bonus réparation", "eco_organism_id": organism.id, "split_transactions": True})
        self.assertEqual(
            [account.pos_credit_controlled, link.pos_credit_controlled, bonus.pos_credit_controlled],
            [True, False, False],
        )
