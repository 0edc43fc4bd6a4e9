import logging

from odoo import _, api, fields, models, modules
from odoo.exceptions import AccessError, UserError

from odoo.addons.eco_bonus_claim.services.client import EcoClientError

from ..services.ecologic_client import EcologicClient
from ..services.ecosystem_client import EcosystemClient

_logger = logging.getLogger(__name__)

CLIENTS = {"ecosystem": EcosystemClient, "ecologic": EcologicClient}


class EcoOrganism(models.Model):
    _inherit = "eco.organism"

    code = fields.Selection(
        selection_add=[("ecosystem", "Ecosystem"), ("ecologic", "Ecologic")],
        ondelete={"ecosystem": "cascade", "ecologic": "cascade"},
    )
    qualirepar_repairer_id = fields.Char("Repairer ID", readonly=True, help="The shop's ID at the eco-organism.")
    catalog_synced_at = fields.Datetime("Catalogue synchronised on", readonly=True)
    qualirepar_ecologic_org_id = fields.Char(
        "Ecologic's ID for it",
        help="The EcoOrganizationId Ecologic's API gives this eco-organism when it tells which one covers a "
        "brand (getecoorganization).",
    )
    product_type_count = fields.Integer("Product types", compute="_compute_product_type_count")
    repair_site_ids = fields.One2many("qualirepar.repair.site", "organism_id", string="Repair sites")

    def _compute_product_type_count(self):
        counts = dict(
            self.env["qualirepar.product.type"]._read_group(
                [("organism_id", "in", self.ids)], ["organism_id"], ["__count"]
            )
        )
        for organism in self:
            organism.product_type_count = counts.get(organism, 0)

    def _eco_client_class(self):
        return CLIENTS.get(self.code) or super()._eco_client_class()

    def _eco_status_map(self):
        client_class = CLIENTS.get(self.code)
        return client_class.STATUS_MAP if client_class else super()._eco_status_map()

    # -- catalogue ------------------------------------------------------------------------
    def action_sync_catalog(self):
        """Synchronise now (the managers' button); a failure says why and changes nothing."""
        if not self.env.user.has_group("eco_bonus_claim.group_eco_bonus_manager"):
            raise AccessError(_("Only eco-organism managers synchronise the catalogues."))
        for organism in self:
            try:
                organism._sync_catalog()
            except EcoClientError as error:
                raise UserError(
                    _("The catalogue of %(name)s could not be read: %(error)s", name=organism.name, error=error)
                ) from error
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _("Catalogue synchronised."),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_view_product_types(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("repair_qualirepar.qualirepar_product_type_action")
        action["domain"] = [("organism_id", "=", self.id)]
        return action

    def _sync_catalog(self):
        self.ensure_one()
        if self.code not in CLIENTS:
            raise UserError(_("%s has no QualiRépar catalogue.", self.name))
        catalog = self.sudo()._eco_client().fetch_catalog()
        stats = self.env["qualirepar.product.type"].sudo()._sync_catalog(self, catalog)
        values = {"catalog_synced_at": fields.Datetime.now()}
        if catalog.get("repairer_id"):
            values["qualirepar_repairer_id"] = catalog["repairer_id"]
        self.sudo().write(values)
        self.message_post(body=self._sync_summary(stats))
        return stats

    def _sync_summary(self, stats):
        return _(
            "Catalogue synchronised: %(types)s product types, %(brands)s brands, %(codes)s repair codes, "
            "%(amounts)s amounts created or changed; %(archived)s entries archived.",
            types=stats["qualirepar.product.type:created"] + stats["qualirepar.product.type:updated"],
            brands=stats["qualirepar.brand:created"] + stats["qualirepar.brand:updated"],
            codes=stats["qualirepar.repair.code:created"] + stats["qualirepar.repair.code:updated"],
            amounts=stats["qualirepar.amount:created"] + stats["qualirepar.amount:updated"],
            archived=sum(v for k, v in stats.items() if k.endswith(":archived")),
        )

    @api.model
    def _cron_sync_catalog(self):
        """Each QualiRépar account in turn: one that cannot be reached is tried at
        the next run and does not hold back the others."""
        for organism in self.search([("code", "in", list(CLIENTS))]):
            try:
                with self.env.cr.savepoint():
                    organism._sync_catalog()
            except (EcoClientError, UserError) as error:
                _logger.warning("QualiRépar catalogue of %s not synchronised: %s", organism.name, error)
                organism.message_post(body=_("The catalogue could not be read and was left as it was: %s", error))
                continue
            if not modules.module.current_test:
                self.env.cr.commit()  # pylint: disable=invalid-commit
