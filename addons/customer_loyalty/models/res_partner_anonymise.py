from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

ANONYMISE_GROUP = "customer_loyalty.group_anonymise_customers"

# personal data cleared from the customer and its contacts
SCRUBBED_FIELDS = [
    "street",
    "street2",
    "zip",
    "city",
    "state_id",
    "country_id",
    "email",
    "phone",
    "mobile",
    "vat",
    "company_registry",
    "siret",
    "website",
    "function",
    "title",
    "comment",
    "barcode",
    "ref",
    "image_1920",
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    is_anonymised = fields.Boolean("Anonymised", readonly=True, copy=False, index="btree_not_null")

    def action_anonymise(self):
        """Scrub the personal data of these customers and their contacts, and archive
        them. Their invoices and till receipts stay, with their amounts, pointing at
        the anonymised customer; loyalty cards keep their points and history under a
        scrubbed number that can no longer be scanned."""
        if not self.env.user.has_group(ANONYMISE_GROUP):
            raise AccessError(_("You are not allowed to anonymise customers."))
        partners = self.with_context(active_test=False).search([("id", "child_of", self.ids)]).sudo()
        if partners.user_ids:
            raise ValidationError(
                _("%s is a user of Odoo: remove the user before anonymising.", partners.user_ids[0].partner_id.name)
            )
        cards = (
            self.env["loyalty.card"].sudo().with_context(active_test=False).search([("partner_id", "in", partners.ids)])
        )
        for card in cards:
            card.write({"code": f"ANON-{card.id}", "active": False})
        # the consents of archived purposes too
        self.env["res.partner.consent"].sudo().search([("partner_id", "in", partners.ids)]).unlink()
        partners.message_ids.unlink()
        blank = {fname: False for fname in SCRUBBED_FIELDS if fname in partners._fields}
        for partner in partners:
            partner.write(dict(blank, name=_("Anonymised customer #%s", partner.id), active=False, is_anonymised=True))
        return True

    def _check_not_anonymised(self):
        if any(partner.is_anonymised for partner in self.sudo()):
            raise ValidationError(_("This customer's data has been anonymised: it can no longer be used."))

    @api.model
    def _load_pos_data_domain(self, data):
        return super()._load_pos_data_domain(data) + [("is_anonymised", "=", False)]


class AccountMove(models.Model):
    _inherit = "account.move"

    @api.constrains("partner_id")
    def _check_partner_not_anonymised(self):
        # a credit note still refunds what the customer paid before
        self.filtered(lambda move: not move.reversed_entry_id).partner_id._check_not_anonymised()


class PosOrder(models.Model):
    _inherit = "pos.order"

    @api.model
    def _process_order(self, order, existing_order):
        """The till no longer offers an anonymised customer, but one that stayed offline
        may still have sold to them: the paid order is kept, never refused at sync, and
        not invoiced to nobody."""
        partner = self.env["res.partner"].sudo().browse(order.get("partner_id")).exists()
        anonymised = partner.is_anonymised
        if anonymised:
            order["to_invoice"] = False
        order_id = super()._process_order(order, existing_order)
        if anonymised:
            self.browse(order_id).sudo().message_post(
                body=_(
                    "Rung up for a customer whose data was anonymised meanwhile: the order is kept, "
                    "without an invoice."
                )
            )
        return order_id
