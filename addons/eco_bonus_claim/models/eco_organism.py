from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class EcoOrganism(models.Model):
    """An eco-organism paying repair bonuses (Refashion, Ecosystem, Ecologic) and the
    shop's account with it. Each connector adds its ``code`` to the selection and
    talks to ``api_url`` with the credentials below. A company may hold several
    accounts with one eco-organism: one per establishment (SIRET)."""

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
    claim_url_template = fields.Char(
        "Claim page on the eco-organism's site",
        help="Address of a claim on the eco-organism's back office, {id} standing for its reference there.",
    )
    responsible_id = fields.Many2one(
        "res.users",
        help="Gets an activity for each claim that needs a person: to review, refused, not sent after many attempts.",
    )
    timeout = fields.Integer(
        "Timeout (seconds)", default=10, help="How long to wait for the eco-organism's service before trying later."
    )
    retry_delay = fields.Integer(
        "First retry after (minutes)",
        default=5,
        help="When the service fails, a claim is sent again after this delay, doubled at each failure.",
    )
    retry_max_delay = fields.Integer("Longest retry delay (minutes)", default=720)
    alert_after_attempts = fields.Integer(
        "Warn after (attempts)",
        default=6,
        help="The responsible gets an activity when a claim still fails after this many attempts; "
        "the claim keeps being retried.",
    )
    payment_journal_id = fields.Many2one(
        "account.journal",
        string="Paid into",
        domain="[('type', '=', 'bank'), ('company_id', '=', company_id)]",
        help="The bank account the eco-organism pays the bonuses into. Each paid claim is registered there "
        "as a payment, reconciled with the receivable it settles. Empty: the company's first bank journal.",
    )
    api_url = fields.Char(
        "API URL",
        compute="_compute_api_url",
        groups="eco_bonus_claim.group_eco_bonus_manager",
    )

    @api.constrains("retry_delay", "retry_max_delay", "alert_after_attempts", "timeout")
    def _check_retry_policy(self):
        for organism in self:
            if organism.timeout < 1:
                raise ValidationError(_("The timeout must be at least one second."))
            if organism.retry_delay < 1 or organism.retry_max_delay < organism.retry_delay:
                raise ValidationError(
                    _("Retry delays must be at least one minute, the longest not shorter than the first.")
                )
            if organism.alert_after_attempts < 1:
                raise ValidationError(_("Warn after at least one attempt."))

    @api.depends("environment", "test_url", "production_url")
    def _compute_api_url(self):
        for organism in self:
            organism.api_url = organism.production_url if organism.environment == "production" else organism.test_url

    # -- accounting ------------------------------------------------------------------
    def _eco_payment_journal(self):
        self.ensure_one()
        return self.payment_journal_id or self.env["account.journal"].sudo().search(
            [("type", "=", "bank"), ("company_id", "=", self.company_id.id)], order="sequence, id", limit=1
        )

    def _eco_misc_journal(self):
        """Where the bonus moves from a customer's invoice onto the eco-organism: a
        miscellaneous journal, so that the invoices' numbering has no gap."""
        self.ensure_one()
        return (
            self.env["account.journal"]
            .sudo()
            .search([("type", "=", "general"), ("company_id", "=", self.company_id.id)], order="sequence, id", limit=1)
        )

    def _eco_receivable_account(self):
        self.ensure_one()
        return self.partner_id.commercial_partner_id.with_company(self.company_id).property_account_receivable_id

    def _eco_book_receivable(self, customer_lines, amount, journal, date, ref):
        """Move ``amount`` of what a customer owes (their open receivable
        ``customer_lines``, an invoice's) onto the eco-organism, which pays that part
        of the bill: the customer's lines are reconciled for that amount and the
        eco-organism's receivable line is returned, to be reconciled when it pays."""
        self.ensure_one()
        customer_line = customer_lines[:1]
        partner = self.partner_id.commercial_partner_id
        move = (
            self.env["account.move"]
            .sudo()
            .with_company(self.company_id)
            .create(
                {
                    "move_type": "entry",
                    "journal_id": journal.id,
                    "date": date,
                    "ref": ref,
                    "line_ids": [
                        Command.create(
                            {
                                "name": ref,
                                "account_id": self._eco_receivable_account().id,
                                "partner_id": partner.id,
                                "debit": amount,
                            }
                        ),
                        Command.create(
                            {
                                "name": ref,
                                "account_id": customer_line.account_id.id,
                                "partner_id": customer_line.partner_id.id,
                                "credit": amount,
                            }
                        ),
                    ],
                }
            )
        )
        move._post()
        customer_part = move.line_ids.filtered(lambda line: line.credit)
        (customer_part | customer_lines.filtered(lambda line: not line.reconciled)).reconcile()
        return move.line_ids - customer_part

    # -- connectors -------------------------------------------------------------------
    def _eco_client_class(self):
        """The :class:`~odoo.addons.eco_bonus_claim.services.client.EcoClient` of
        this eco-organism's connector; each connector answers for its code."""
        raise UserError(_("No connector is installed for %s.", self.name))

    def _eco_client(self):
        self.ensure_one()
        client = self._eco_client_class()(self.api_url, self.login, self.secret)
        client.timeout = self.timeout
        return client

    def _eco_status_map(self):
        """The eco-organism's claim statuses mapped onto the claim states."""
        return {}
