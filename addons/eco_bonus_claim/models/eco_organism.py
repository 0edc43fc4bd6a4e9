from odoo import api, fields, models


class EcoOrganism(models.Model):
    """An eco-organism paying repair bonuses (Refashion, Ecosystem, Ecologic) and the
    shop's account with it. Each connector adds its ``code`` to the selection and
    talks to ``api_url`` with the credentials below; a company may only have one
    account per eco-organism."""

    _name = "eco.organism"
    _description = "Eco-organism"
    _inherit = ["mail.thread"]
    _order = "name"

    name = fields.Char(required=True, tracking=True)
    code = fields.Selection([], required=True, help="Which connector talks to this eco-organism.")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    partner_id = fields.Many2one(
        "res.partner",
        required=True,
        help="The eco-organism as a customer: the bonuses it owes are receivables on this partner.",
    )
    environment = fields.Selection(
        [("test", "Test"), ("production", "Production")],
        default="test",
        required=True,
        tracking=True,
    )
    test_url = fields.Char("Test URL", groups="eco_bonus_claim.group_eco_bonus_manager")
    production_url = fields.Char("Production URL", groups="eco_bonus_claim.group_eco_bonus_manager")
    login = fields.Char(groups="eco_bonus_claim.group_eco_bonus_manager")
    secret = fields.Char(groups="eco_bonus_claim.group_eco_bonus_manager", copy=False)
    api_url = fields.Char(
        "API URL",
        compute="_compute_api_url",
        groups="eco_bonus_claim.group_eco_bonus_manager",
    )

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "A company has one account per eco-organism.",
        ),
    ]

    @api.depends("environment", "test_url", "production_url")
    def _compute_api_url(self):
        for organism in self:
            organism.api_url = organism.production_url if organism.environment == "production" else organism.test_url
