from odoo.tests import TransactionCase, tagged

SUITE = [
    "eco_bonus_claim",
    "pos_repair_bonus",
    "pos_repair_bonus_sale",
    "pos_repair_bonus_payment_link",
    "pos_payment_link",
    "customer_loyalty",
    "customer_loyalty_sale",
    "customer_loyalty_mass_mailing",
    "sale_rma",
    "sale_rma_repair",
    "repair_qualirepar",
]


@tagged("post_install", "-at_install")
class TestSuiteInstalled(TransactionCase):
    def test_every_addon_installs_with_the_french_pos_certification(self):
        modules = self.env["ir.module.module"].search([("name", "in", [*SUITE, "l10n_fr", "l10n_fr_pos_cert"])])
        self.assertEqual(
            {m.name: m.state for m in modules},
            dict.fromkeys([*SUITE, "l10n_fr", "l10n_fr_pos_cert"], "installed"),
        )

    def test_the_shop_reads_french(self):
        def label(model, field):
            return self.env[model].with_context(lang="fr_FR").fields_get([field])[field]["string"]

        self.assertEqual(label("pos.config", "refashion_organism_id"), "Compte Refashion")
        self.assertEqual(label("res.company", "payment_link_validity_days"), "Validité des liens de paiement (jours)")
        self.assertEqual(label("res.company", "pos_credit_limit_mode"), "Plafond de crédit au point de vente")
        self.assertEqual(label("res.company", "rma_return_period_days"), "Délai de retour (jours)")
        menu = self.env.ref("eco_bonus_claim.eco_organism_menu").with_context(lang="fr_FR")
        self.assertEqual(menu.name, "Éco-organismes")
        action = self.env.ref("repair_qualirepar.eco_organism_action_qualirepar").with_context(lang="fr_FR")
        self.assertEqual(action.name, "Éco-organismes QualiRépar")
