from stdnum import exceptions as stdnum_exceptions
from stdnum.fr import siret

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import email_normalize

from ..services.refashion_client import RefashionClient


class EcoOrganism(models.Model):
    _inherit = "eco.organism"

    code = fields.Selection(selection_add=[("refashion", "Refashion")], ondelete={"refashion": "cascade"})
    siret = fields.Char("SIRET", help="The shop's SIRET, as given to Refashion (14 digits).")
    account_email = fields.Char("Refashion account e-mail")
    refashion_account_type = fields.Selection(
        [("cobbler", "Shoe repairer (Cordonnier)"), ("tailor", "Alterations (Retoucherie)"), ("both", "Both")],
        string="Account type",
        default="cobbler",
        help="The type of the Refashion declarant account: shoe repairs, clothing repairs, or both.",
    )
    pos_config_ids = fields.Many2many(
        "pos.config",
        "eco_organism_pos_config_rel",
        "organism_id",
        "config_id",
        string="Points of sale",
        help="Only these points of sale deduct the bonus; each receipt is attributed to this account.",
    )
    payment_method_id = fields.Many2one(
        "pos.payment.method",
        string="Bonus payment method",
        readonly=True,
        help="Added to the associated points of sale; the till fills it with the bonus.",
    )

    @api.constrains("siret")
    def _check_siret(self):
        for organism in self.filtered("siret"):
            try:
                siret.validate(organism.siret)
            except stdnum_exceptions.ValidationError as error:
                raise ValidationError(
                    _("%(siret)s is not a valid SIRET: 14 digits with a correct check digit.", siret=organism.siret)
                ) from error

    @api.constrains("account_email")
    def _check_account_email(self):
        for organism in self.filtered("account_email"):
            if not email_normalize(organism.account_email):
                raise ValidationError(_("%s is not a valid e-mail address.", organism.account_email))

    @api.constrains("pos_config_ids", "code")
    def _check_one_account_per_pos(self):
        for organism in self.filtered(lambda o: o.code == "refashion"):
            for config in organism.pos_config_ids:
                if len(config.refashion_organism_ids) > 1:
                    raise ValidationError(_("%s is already associated with another Refashion account.", config.name))
                if config.company_id != organism.company_id:
                    raise ValidationError(_("%s belongs to another company.", config.name))

    def _eco_client_class(self):
        if self.code == "refashion":
            return RefashionClient
        return super()._eco_client_class()

    def _eco_status_map(self):
        if self.code == "refashion":
            return RefashionClient.STATUS_MAP
        return super()._eco_status_map()

    # -- the "Bonus Réparation" payment method ---------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("siret"):
                vals["siret"] = siret.compact(vals["siret"])
        organisms = super().create(vals_list)
        organisms.filtered("pos_config_ids")._ensure_payment_method()
        self.env.registry.clear_cache()  # the Refashion menu appears
        return organisms

    def write(self, vals):
        if vals.get("siret"):
            vals["siret"] = siret.compact(vals["siret"])
        before = {organism: organism.pos_config_ids for organism in self} if "pos_config_ids" in vals else {}
        result = super().write(vals)
        if "pos_config_ids" in vals:
            self.filtered("pos_config_ids")._ensure_payment_method()
            for organism, configs in before.items():
                organism._remove_payment_method(configs - organism.pos_config_ids)
        if {"active", "code", "company_id"} & set(vals):
            self.env.registry.clear_cache()
        return result

    def unlink(self):
        for organism in self:
            organism._remove_payment_method(organism.pos_config_ids)
        result = super().unlink()
        self.env.registry.clear_cache()
        return result

    def _remove_payment_method(self, configs):
        """Points of sale taken off the account lose its bonus method."""
        method = self.payment_method_id
        if method and configs:
            configs.sudo().payment_method_ids = [fields.Command.unlink(method.id)]

    @api.model
    def _refashion_account_exists(self, user):
        return bool(
            self.sudo().search_count([("code", "=", "refashion"), ("company_id", "in", user.company_ids.ids)], limit=1)
        )

    def _ensure_payment_method(self):
        """The bonus payment method: a customer-account method without a journal whose
        payments the session books as receivables on the eco-organism's partner."""
        for organism in self.filtered(lambda o: o.code == "refashion"):
            method = organism.payment_method_id
            if not method:
                method = (
                    self.env["pos.payment.method"]
                    .sudo()
                    .create(
                        {
                            "name": _("Repair bonus"),
                            "split_transactions": True,
                            "company_id": organism.company_id.id,
                            "eco_organism_id": organism.id,
                        }
                    )
                )
                organism.payment_method_id = method
            for config in organism.pos_config_ids:
                if method not in config.payment_method_ids:
                    config.sudo().payment_method_ids = [fields.Command.link(method.id)]
