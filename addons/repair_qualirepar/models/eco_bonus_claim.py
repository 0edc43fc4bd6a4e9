import base64
import json
import mimetypes

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.mimetypes import guess_mimetype

from odoo.addons.eco_bonus_claim.services.client import EcoRejectedError

from .qualirepar_evidence import EVIDENCE_FIELDS


class EcoBonusClaim(models.Model):
    _inherit = "eco.bonus.claim"

    invoice_id = fields.Many2one("account.move", readonly=True, index="btree_not_null")
    repair_order_id = fields.Many2one("repair.order", string="Repair order", readonly=True, index="btree_not_null")

    qualirepar_product_type_id = fields.Many2one("qualirepar.product.type", string="Product type", readonly=True)
    qualirepar_brand_id = fields.Many2one("qualirepar.brand", string="Brand", readonly=True)
    qualirepar_repair_code_id = fields.Many2one("qualirepar.repair.code", string="Repair code", readonly=True)
    qualirepar_repair_site_id = fields.Many2one("qualirepar.repair.site", string="Repair site", readonly=True)
    serial_number = fields.Char("Serial number / IMEI", readonly=True)
    commercial_ref = fields.Char("Commercial reference", readonly=True)
    purchase_date = fields.Date(readonly=True)
    failure_description = fields.Text(readonly=True)
    invoice_number = fields.Char(readonly=True)
    quote_number = fields.Char(readonly=True)
    labor_amount = fields.Monetary("Labour", readonly=True)
    new_parts_amount = fields.Monetary("New spare parts", readonly=True)
    used_parts_amount = fields.Monetary("Used or reconditioned spare parts", readonly=True)
    travel_amount = fields.Monetary("Travel", readonly=True)
    amount_untaxed = fields.Monetary("Repair price excl. tax", readonly=True)
    # Ecologic: the failure code it requires, and what a claim it holds needs
    qualirepar_iris_symptom_id = fields.Many2one(
        "qualirepar.iris.symptom",
        string="IRIS symptom",
        domain="[('product_type_id', '=', qualirepar_product_type_id)]",
        help="Empty: the repair order's.",
    )
    qualirepar_update_claim = fields.Boolean(
        "To update on the eco-organism",
        readonly=True,
        copy=False,
        help="The eco-organism holds this claim and it changed here since: it is updated before being submitted.",
    )
    qualirepar_sent_files = fields.Text(
        "Files already sent",
        readonly=True,
        copy=False,
        help="The files the eco-organism already received for this claim.",
    )

    @api.model
    def _qualirepar_create(self, invoice, repair, bonus, organism, receivable):
        """The claim of a posted invoice's repair, with what the eco-organism asks."""
        # a brand another eco-organism covers is claimed with that one's ids
        product_type = repair.qualirepar_product_type_id._in_catalog_of(organism)
        repair_code, site = repair.qualirepar_repair_code_id, repair.qualirepar_repair_site_id
        repair_code = repair_code._in_catalog_of(product_type) if repair_code and product_type else repair_code.browse()
        claim = self.with_context(mail_create_nolog=True).create(
            {
                "organism_id": organism.id,
                "partner_id": invoice.partner_id.id,
                # the grid of this date gave the bonus
                "date": repair._qualirepar_repair_date(invoice),
                "amount": bonus,
                **self._qualirepar_amounts(invoice, repair),
                "invoice_id": invoice.id,
                "repair_order_id": repair.id,
                "invoice_number": invoice.name,
                "quote_number": repair.sale_order_id.name,
                "qualirepar_product_type_id": product_type.id,
                "qualirepar_brand_id": repair.qualirepar_brand_id._in_catalog_of(organism).id,
                "qualirepar_repair_code_id": repair_code.id,
                "qualirepar_repair_site_id": site and site._in_catalog_of(organism).id,
                # the identifier the product sheet expects (Ecosystem), else what the repair has
                "serial_number": (repair.device_imei if product_type.expected_id == "imei" else repair.device_serial)
                or repair.device_imei
                or repair.device_serial,
                "commercial_ref": repair.product_id.default_code or repair.product_id.name,
                "purchase_date": repair.purchase_date,
                "failure_description": repair.failure_description,
                "receivable_line_ids": [fields.Command.set(receivable.ids)],
            }
        )
        missing = claim._qualirepar_missing()
        if missing:
            claim._to_review(_("Missing before sending: %s.", ", ".join(missing)))
        return claim

    @api.model
    def _qualirepar_amounts(self, invoice, repair):
        """What the customer pays for ``repair``'s device on ``invoice``, less its
        posted credit notes: one claim per repaired device, with the amounts of its
        own lines when the invoice covers several; the eco-organisms want costs
        excluding VAT, travel apart from labour."""
        totals = dict.fromkeys(
            ("repair_amount", "amount_untaxed", "new_parts_amount", "used_parts_amount", "travel_amount"), 0.0
        )
        credit_notes = invoice.reversal_move_ids.filtered(lambda m: m.move_type == "out_refund" and m.state == "posted")
        for move, sign in [(invoice, 1), *((note, -1) for note in credit_notes)]:
            lines = move._qualirepar_lines_of(repair)
            parts = lines.filtered(lambda line: line.product_id.type == "consu")
            used = parts.filtered(
                lambda line: "used" in line.sale_line_ids.move_ids.filtered("repair_id").mapped("part_condition")
            )
            travel = lines.filtered(lambda line: repair.on_site and line.product_id.qualirepar_travel)
            totals["repair_amount"] += sign * sum(lines.mapped("price_total"))
            totals["amount_untaxed"] += sign * sum(lines.mapped("price_subtotal"))
            totals["new_parts_amount"] += sign * sum((parts - used).mapped("price_subtotal"))
            totals["used_parts_amount"] += sign * sum(used.mapped("price_subtotal"))
            totals["travel_amount"] += sign * sum(travel.mapped("price_subtotal"))
        totals["labor_amount"] = (
            totals["amount_untaxed"]
            - totals["new_parts_amount"]
            - totals["used_parts_amount"]
            - totals["travel_amount"]
        )
        currency = invoice.currency_id
        return {key: currency.round(value) for key, value in totals.items()}

    def _qualirepar_credited(self, credit_note):
        """``credit_note`` was posted on this claim's invoice: a claim whose repair
        is no longer paid enough for the bonus is withdrawn with its receivable; one
        still earning it declares what the customer pays now (corrected here while
        unsent; once the eco-organism holds it, its manager is asked to)."""
        for claim in self.filtered(lambda c: c.state != "cancelled" and not c.withdrawn):
            repair, invoice = claim.repair_order_id, claim.invoice_id
            amounts = self._qualirepar_amounts(invoice, repair)
            minimum = repair.qualirepar_product_type_id._minimum_price(claim.date, claim.amount)
            currency = claim.currency_id
            if currency.compare_amounts(amounts["repair_amount"], minimum) < 0:
                reason = _("credit note %(note)s on %(invoice)s", note=credit_note.name, invoice=invoice.name)
                claim._eco_withdraw(reason)
                if claim.state == "cancelled":  # never sent: what it booked goes too
                    claim._eco_reverse_receivable()
                claim._qualirepar_reconcile_customer(credit_note)
                continue
            changed = {key: value for key, value in amounts.items() if currency.compare_amounts(claim[key], value)}
            if not changed:
                continue
            message = _(
                "Credit note %(note)s: the repair now costs %(amount)s, tax included.",
                note=credit_note.name,
                amount=currency.format(amounts["repair_amount"]),
            )
            if claim.state in ("pending", "to_review") and not claim.sending_since:
                claim.write(changed)
                claim.message_post(body=message)
            else:
                claim.message_post(body=message)
                claim._warn_managers(_("Correct the declared amounts on the eco-organism's site: %s", message))

    def _qualirepar_reconcile_customer(self, credit_note):
        """After a withdrawal the customer owes back the bonus the credit note
        credits: their open receivable lines of both are matched, as an accountant
        would."""
        self.ensure_one()
        partner = credit_note.commercial_partner_id
        withdrawals = self.sudo().receivable_line_ids.matched_credit_ids.credit_move_id.move_id.filtered(
            lambda move: move.move_type == "entry"
        )
        lines = (credit_note.line_ids | withdrawals.line_ids).filtered(
            lambda line: (
                line.account_id.account_type == "asset_receivable"
                and line.partner_id.commercial_partner_id == partner
                and not line.reconciled
                and line.parent_state == "posted"
            )
        )
        if lines.filtered(lambda line: line.balance > 0) and lines.filtered(lambda line: line.balance < 0):
            lines.reconcile()

    def _qualirepar_missing(self):
        """What the eco-organism needs that the repair order does not hold yet."""
        self.ensure_one()
        repair = self.repair_order_id
        labels = {
            "nameplate": _("nameplate photo"),
            "device_photo": _("device photo"),
            "customer_validation": _("signed customer validation"),
        }
        # each eco-organism's evidence, as its rules ask it (qualirepar.evidence.rule)
        missing = [
            labels[kind]
            for kind, required in self._qualirepar_evidence().items()
            if required and not repair[EVIDENCE_FIELDS[kind]]
        ]
        organism = self.organism_id.name
        if not self.qualirepar_product_type_id:
            missing.append(
                _(
                    "%(organism)s's product type for %(type)s (synchronise its catalogue)",
                    organism=organism,
                    type=repair.qualirepar_product_type_id.name,
                )
            )
        # Ecosystem takes a brand it does not list as typed (BrandID "0000" + PartnerProduct)
        if not self.qualirepar_brand_id and not (self.organism_code == "ecosystem" and repair.qualirepar_brand_id):
            missing.append(
                _(
                    "%(organism)s's brand for %(brand)s (synchronise its catalogue)",
                    organism=organism,
                    brand=repair.qualirepar_brand_id.name,
                )
            )
        if not self.serial_number:
            missing.append(_("serial number or IMEI"))
        elif self.qualirepar_product_type_id.expected_id == "imei" and not repair.device_imei:
            missing.append(_("IMEI (the eco-organism identifies this device type by it)"))
        if not self.qualirepar_repair_site_id and self.organism_code == "ecologic":
            missing.append(_("repair site"))
        if self.organism_code == "ecologic" and not self._qualirepar_iris_symptom():
            missing.append(_("IRIS symptom (the failure code Ecologic requires)"))
        return missing

    def _qualirepar_iris_symptom(self):
        """The claim's IRIS symptom, else the repair order's in this claim's catalogue."""
        self.ensure_one()
        symptom = self.qualirepar_iris_symptom_id or self.repair_order_id.qualirepar_iris_symptom_id
        if symptom and self.qualirepar_product_type_id:
            return symptom._in_catalog_of(self.qualirepar_product_type_id)
        return symptom

    def _eco_prepare_evidence(self):
        result = super()._eco_prepare_evidence()
        for claim in self.filtered("repair_order_id"):
            claim._attach_repair_evidence()
        for claim in self.filtered(lambda c: c.organism_code == "ecologic" and not c.external_id):
            claim._qualirepar_check_bonus()
        return result

    def _qualirepar_check_bonus(self):
        """Before a claim leaves, the bonus it asks is the one Ecologic computes for
        this repair (``calculateecosupport``, as S1 checks): else it goes to review
        with both figures."""
        self.ensure_one()
        if not (self.qualirepar_product_type_id and self.qualirepar_brand_id):
            return
        expected = (
            self.organism_id.sudo()
            ._eco_client()
            .compute_bonus(
                self.repair_amount,
                self.qualirepar_brand_id.external_id,
                self.qualirepar_product_type_id.external_id,
                self.qualirepar_repair_code_id.code or None,
                currency=self.currency_id.name,
            )
        )
        if self.currency_id.compare_amounts(expected, self.amount):
            raise EcoRejectedError(
                _(
                    "%(organism)s computes a bonus of %(expected)s for this repair, the claim asks %(claimed)s: "
                    "check the device type, the brand and the repair code.",
                    organism=self.organism_id.name,
                    expected=self.currency_id.format(expected),
                    claimed=self.currency_id.format(self.amount),
                )
            )

    # -- Ecologic: a claim it holds is corrected, its files sent once ---------------------
    def _eco_progress(self, external_id, sent_file=None):
        result = super()._eco_progress(external_id)
        if sent_file:
            with self._eco_unit():
                self.qualirepar_sent_files = json.dumps([*self._qualirepar_sent_files(), sent_file])
        return result

    def _qualirepar_sent_files(self):
        return json.loads(self.qualirepar_sent_files or "[]")

    def _to_review(self, reason):
        result = super()._to_review(reason)
        # what the person changes now must reach the claim the eco-organism holds
        self.filtered(lambda c: c.external_id and c.organism_code == "ecologic").qualirepar_update_claim = True
        return result

    def _eco_record_sent(self, external_id, external_status):
        result = super()._eco_record_sent(external_id, external_status)
        self.qualirepar_update_claim = False
        return result

    def action_qualirepar_correct(self):
        """A refused claim, to correct here and send again (Ecologic: ``updateclaim``,
        then submitted). Ecosystem's API corrects nothing once a claim is sent."""
        self.check_access("write")
        for claim in self:
            if claim.state != "refused" or claim.organism_code != "ecologic" or not claim.external_id:
                raise UserError(
                    _(
                        "Only a claim refused by Ecologic can be corrected and sent again; %(claim)s is %(state)s "
                        "with %(organism)s.",
                        claim=claim.name,
                        state=dict(claim._fields["state"]._description_selection(self.env))[claim.state],
                        organism=claim.organism_id.name,
                    )
                )
            claim.write(
                {
                    "state": "to_review",
                    "qualirepar_update_claim": True,
                    "review_reason": _(
                        "Refused by %(organism)s: %(reason)s. Correct the claim, then send it again.",
                        organism=claim.organism_id.name,
                        reason=claim.refusal_reason or _("no reason given"),
                    ),
                }
            )
        return True

    def _attach_repair_evidence(self):
        """The invoice as a PDF and the repair order's photos and signed validation,
        attached once per kind; what is missing sends the claim to review, saying what."""
        missing = self._qualirepar_missing()
        if missing:
            raise EcoRejectedError(_("missing %s", ", ".join(missing)))
        self._eco_attach_evidence(
            "invoice",
            lambda: [
                (
                    f"{self.invoice_id.name.replace('/', '-')}.pdf",
                    self.env["ir.actions.report"]
                    .sudo()
                    ._render_qweb_pdf("account.account_invoices", self.invoice_id.ids)[0],
                    "application/pdf",
                )
            ],
        )
        repair = self.repair_order_id
        for kind in self._qualirepar_evidence():
            field = EVIDENCE_FIELDS[kind]
            if repair[field]:  # required ones were checked above; the others go when there is one
                self._eco_attach_evidence(kind, lambda field=field, kind=kind: [self._repair_file(kind, repair[field])])

    def _qualirepar_evidence(self):
        """``{kind: required}``: the evidence this claim's eco-organism takes for its
        device (its fiche métier: the claim's product type's, else the repair's)."""
        self.ensure_one()
        fiche = self.qualirepar_product_type_id.fiche or self.repair_order_id.qualirepar_product_type_id.fiche
        return self.env["qualirepar.evidence.rule"]._for_claim(self.organism_code, fiche)

    def _repair_file(self, kind, data):
        raw = base64.b64decode(data)
        mimetype = guess_mimetype(raw)
        extension = mimetypes.guess_extension(mimetype) or ".bin"
        return f"{kind}-{self.repair_order_id.name.replace('/', '-')}{extension}", raw, mimetype

    def _eco_payload(self):
        payload = super()._eco_payload()
        if self.organism_code not in ("ecosystem", "ecologic"):
            return payload
        partner = self.partner_id
        first_name, _sep, last_name = (partner.name or "").rpartition(" ")
        payload.update(
            repair_date=payload["date"],
            repair_site_id=self.qualirepar_repair_site_id.external_id or None,
            # Ecosystem declares an on-site repair at one of the repairer's places
            on_site=self.repair_order_id.on_site,
            repair_place_ids=self.organism_id.repair_site_ids.mapped("external_id"),
            repairer_id=self.organism_id.sudo().qualirepar_repairer_id or None,
            update_claim=self.qualirepar_update_claim,
            sent_files=self._qualirepar_sent_files(),
            invoice_number=self.invoice_number or self.name,
            quote_number=self.quote_number or self.name,
            customer={
                "title": partner.title.shortcut or partner.title.name or None,
                "is_company": partner.is_company,
                "first_name": first_name or None,
                "last_name": last_name or partner.name,
                "street": partner.street,
                "street2": partner.street2,
                "zip": partner.zip,
                "city": partner.city,
                "country": partner.country_id.code or self.company_id.country_id.code or None,
                "phone": partner.phone or partner.mobile,
                "email": partner.email,
            },
            device={
                "product_type_id": self.qualirepar_product_type_id.external_id,
                "brand_id": self.qualirepar_brand_id.external_id,
                # the claim's identifier: set from the repair, corrected on the claim when refused
                "serial_number": self.serial_number,
                # Ecosystem: the brand as typed when its catalogue does not list it, the
                # identifier and the kind of defect code its product sheet expects
                "brand_name": (self.qualirepar_brand_id or self.repair_order_id.qualirepar_brand_id).name or None,
                "expected_id": self.qualirepar_product_type_id.expected_id or None,
                "defect_code_kind": self.qualirepar_product_type_id.defect_code_kind or None,
                "commercial_ref": self.commercial_ref,
                "purchase_date": fields.Date.to_string(self.purchase_date) if self.purchase_date else None,
                "repair_code": self.qualirepar_repair_code_id.code,
                "iris_symptom": self._qualirepar_iris_symptom().code or None,
                "failure_description": self.failure_description,
            },
            spare_parts=[
                {
                    "ref": move.product_id.default_code or move.product_id.name,
                    "quantity": move.product_uom_qty,
                    "status": "USED" if move.part_condition == "used" else "NEW",
                }
                for move in self.repair_order_id.move_ids.filtered(lambda m: m.repair_line_type == "add")
            ],
            amounts={
                "labor": self.labor_amount,
                "new_parts": self.new_parts_amount,
                "used_parts": self.used_parts_amount,
                "travel": self.travel_amount,
                "total_excl": self.amount_untaxed,
            },
        )
        return payload
