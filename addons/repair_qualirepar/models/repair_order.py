import math
from datetime import timedelta

import phonenumbers
from dateutil.relativedelta import relativedelta
from stdnum import exceptions as stdnum_exceptions
from stdnum import imei as stdnum_imei

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date


def _distance_km(lat1, lon1, lat2, lon2):
    """Great-circle distance (haversine), in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (lat1, lon1, lat2, lon2))
    a = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


class RepairOrder(models.Model):
    _inherit = "repair.order"

    currency_id = fields.Many2one(related="company_id.currency_id")
    qualirepar_product_type_id = fields.Many2one(
        "qualirepar.product.type",
        string="Device type",
        domain="[('company_id', 'in', (company_id, False)), ('amount_ids', '!=', False)]",
        help="From the QualiRépar catalogue: it sets the bonus and its threshold.",
    )
    qualirepar_type_brand_ids = fields.Many2many(related="qualirepar_product_type_id.brand_ids")
    qualirepar_brand_id = fields.Many2one(
        "qualirepar.brand", string="Brand", domain="[('id', 'in', qualirepar_type_brand_ids)]"
    )
    qualirepar_repair_code_id = fields.Many2one(
        "qualirepar.repair.code",
        string="Repair code",
        domain="[('product_type_id', '=', qualirepar_product_type_id)]",
    )
    # the symptoms of this device type in every catalogue (a brand Ecologic covers on a
    # type of Ecosystem's catalogue is claimed with Ecologic's type of the same name)
    qualirepar_product_type_name = fields.Char(related="qualirepar_product_type_id.name")
    qualirepar_iris_symptom_id = fields.Many2one(
        "qualirepar.iris.symptom",
        string="IRIS symptom",
        domain="[('product_type_id.name', '=ilike', qualirepar_product_type_name)]",
        help="The failure code Ecologic requires on its claims.",
    )
    qualirepar_repair_site_id = fields.Many2one(
        "qualirepar.repair.site", string="Repair site", domain="[('company_id', 'in', (company_id, False))]"
    )
    qualirepar_expected_id = fields.Selection(related="qualirepar_product_type_id.expected_id")
    device_serial = fields.Char(
        "Serial number",
        compute="_compute_device_serial",
        store=True,
        readonly=False,
        index="btree_not_null",
        help="As on the nameplate: a device back within the repair warranty is recognised by it.",
    )
    device_imei = fields.Char("IMEI", help="15 digits, for phones and tablets (checked).")
    purchase_date = fields.Date("Purchase date")
    failure_description = fields.Text("Failure")
    insurance_covered = fields.Boolean(
        "Covered by an insurance", help="An insurance or an extended warranty pays: no QualiRépar bonus."
    )
    repair_end_date = fields.Datetime("Repair ended on", readonly=True, copy=False)
    nameplate_photo = fields.Image("Nameplate photo", max_width=1920, max_height=1920, copy=False)
    device_photo = fields.Image("Device photo", max_width=1920, max_height=1920, copy=False)
    customer_validation = fields.Binary(
        "Signed customer validation", attachment=True, copy=False, groups="base.group_user"
    )
    customer_validation_name = fields.Char("Validation file name", copy=False, groups="base.group_user")
    qualirepar_price = fields.Monetary("Repair price incl. tax", compute="_compute_qualirepar")
    qualirepar_bonus = fields.Monetary("QualiRépar bonus", compute="_compute_qualirepar")
    qualirepar_eligible = fields.Boolean("Eligible to QualiRépar", compute="_compute_qualirepar")
    qualirepar_reason = fields.Char("Not eligible because", compute="_compute_qualirepar")
    qualirepar_organism_id = fields.Many2one("eco.organism", "Bonus paid by", compute="_compute_qualirepar")
    warranty_return_of_id = fields.Many2one(
        "repair.order",
        "Warranty return of",
        compute="_compute_warranty_return_of_id",
        store=True,
        index="btree_not_null",
        help="An earlier repair of the same device ended within the repair warranty: this one earns no bonus.",
    )
    return_of_id = fields.Many2one(
        "repair.order",
        "Back after",
        compute="_compute_return_of_id",
        store=True,
        index="btree_not_null",
        help="The same device's earlier repair, ended within the return period (Inventory > Settings > "
        "QualiRépar, 3 months by default) before this one came in: counted in the report of returns.",
    )
    return_days = fields.Integer("Days since that repair", compute="_compute_return_of_id", store=True)
    document_ids = fields.Many2many("repair.document", string="Documents", compute="_compute_document_ids")
    document_count = fields.Integer(compute="_compute_document_ids")
    sms_parts_waiting = fields.Boolean(
        copy=False, groups="base.group_user", help="Parts were missing: the customer is told when they arrive."
    )
    sms_parts_sent = fields.Boolean(copy=False, groups="base.group_user")
    sms_reminder_sent = fields.Boolean(copy=False, groups="base.group_user")
    sms_appointment_for = fields.Datetime(
        copy=False, groups="base.group_user", help="The appointment the customer was texted to confirm."
    )
    on_site = fields.Boolean("On-site intervention")
    intervention_distance = fields.Float(
        "Distance from the shop (km)",
        compute="_compute_intervention_distance",
        digits=(16, 1),
        help="As the crow flies, from the company's address to the customer's (both geolocated).",
    )
    outside_zone = fields.Boolean(compute="_compute_intervention_distance")
    unplaced_partner_ids = fields.Many2many(
        "res.partner",
        compute="_compute_intervention_distance",
        string="Addresses not placed",
        help="On site: the addresses not geolocated yet, so the distance cannot be told.",
    )
    zone_reason = fields.Text("Reason for going beyond the zone", groups="base.group_user")
    qualirepar_fiche = fields.Selection(related="qualirepar_product_type_id.fiche", string="Fiche métier")
    qualified_technician_ids = fields.Many2many(
        "res.users",
        compute="_compute_qualified_technician_ids",
        groups="base.group_user",
        help="The technicians qualified on the repair's day for its fiche métier.",
    )
    control_answer_ids = fields.One2many(
        "repair.control.answer", "repair_id", string="Control points", groups="base.group_user"
    )
    # the shop's own fields: portal customers read their repairs (their pages are
    # rendered as the shop), never these over RPC
    internal_notes = fields.Html(groups="base.group_user")
    user_id = fields.Many2one(groups="base.group_user")

    @api.depends("lot_id")
    def _compute_device_serial(self):
        for repair in self:
            if repair.lot_id and not repair.device_serial:
                repair.device_serial = repair.lot_id.name

    @api.constrains("device_imei")
    def _check_device_imei(self):
        for repair in self.filtered("device_imei"):
            try:
                stdnum_imei.validate(repair.device_imei)
            except stdnum_exceptions.ValidationError as error:
                raise ValidationError(
                    _(
                        "%s is not a valid IMEI: 15 digits, the last one a check digit (*#06# on the phone).",
                        repair.device_imei,
                    )
                ) from error

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("device_imei"):
                vals["device_imei"] = stdnum_imei.compact(vals["device_imei"])
        repairs = super().create(vals_list)
        repairs._add_control_points()
        repairs._repair_confirm_appointment()
        return repairs

    def write(self, vals):
        if vals.get("device_imei"):
            vals["device_imei"] = stdnum_imei.compact(vals["device_imei"])
        result = super().write(vals)
        if "qualirepar_product_type_id" in vals:
            self._add_control_points()
        if "schedule_date" in vals or "partner_id" in vals:
            self._repair_confirm_appointment()
        return result

    @api.depends(
        "qualirepar_product_type_id",
        "qualirepar_brand_id",
        "device_serial",
        "device_imei",
        "under_warranty",
        "insurance_covered",
        "schedule_date",
        "repair_end_date",
        "sale_order_id.order_line.price_total",
        "company_id",
    )
    def _compute_qualirepar(self):
        for repair in self:
            result = repair._qualirepar_eligibility()
            repair.qualirepar_price = result["price"]
            repair.qualirepar_bonus = result["bonus"] if not result["reason"] else 0.0
            repair.qualirepar_eligible = bool(result["bonus"]) and not result["reason"]
            repair.qualirepar_reason = result["reason"]
            repair.qualirepar_organism_id = result["organism"]

    @api.depends("device_serial", "device_imei", "schedule_date", "company_id")
    def _compute_warranty_return_of_id(self):
        for repair in self:
            repair.warranty_return_of_id = repair._qualirepar_previous_repair()

    @api.depends("device_serial", "device_imei", "schedule_date", "company_id.qualirepar_return_months")
    def _compute_return_of_id(self):
        for repair in self:
            previous = repair._previous_repair_within(
                repair.company_id.qualirepar_return_months, repair._qualirepar_day()
            )
            repair.return_of_id = previous
            repair.return_days = (
                (repair._qualirepar_day() - fields.Date.context_today(repair, previous.repair_end_date)).days
                if previous
                else 0
            )

    def _qualirepar_day(self):
        # the day of the intervention, in the shop's time zone (the user's), also
        # without an appointment: the day technicians must be qualified on
        return fields.Date.context_today(self, self.schedule_date)

    def _qualirepar_repair_date(self, invoice=None):
        """The repair date the claim declares, whose grid applies: the day the repair
        ended; before it ends, the invoice's date if invoiced, else the planned day
        (a repair taken in on 28 December and ended on 3 January earns January's)."""
        self.ensure_one()
        if self.repair_end_date:
            return fields.Date.context_today(self, self.repair_end_date)
        if invoice:
            return invoice.invoice_date or invoice.date or fields.Date.context_today(self)
        return self._qualirepar_day()

    def _qualirepar_sale_lines(self):
        """The quotation lines of this device: all of its quotation when the quotation
        is this repair's alone; when one quotation covers several repairs, the line
        that made this repair and the parts this repair added."""
        self.ensure_one()
        order = self.sudo().sale_order_id
        if not order:
            return self.env["sale.order.line"]
        if len(order.repair_order_ids) <= 1:
            lines = order.order_line
        else:
            lines = self.sudo().sale_order_line_id | self.sudo().move_ids.sale_line_id
        # a down payment is no part of the repair's price: the final invoice deducts it
        return lines.filtered(lambda line: not line.display_type and not line.is_downpayment)

    def _qualirepar_eligibility(self, day=None):
        """The bonus this repair earns from the grid valid on ``day`` (its repair date
        by default), and if none the reason a person reads:
        ``{bonus, reason, organism, price}``."""
        self.ensure_one()
        result = {"bonus": 0.0, "reason": False, "organism": False}
        result["price"] = price = sum(self._qualirepar_sale_lines().mapped("price_total"))
        device_type, day = self.qualirepar_product_type_id, day or self._qualirepar_repair_date()
        if not device_type:
            result["reason"] = _("Choose the device type from the QualiRépar catalogue.")
            return result
        if (device_type.eligible_from and day < device_type.eligible_from) or (
            device_type.eligible_until and day > device_type.eligible_until
        ):
            result["reason"] = _(
                "%(type)s is not eligible on %(date)s.", type=device_type.name, date=fields.Date.to_string(day)
            )
            return result
        if not self.qualirepar_brand_id:
            result["reason"] = _("Unknown brand: choose the device's brand from the catalogue.")
            return result
        code = self.qualirepar_brand_id._qualirepar_covered_by(device_type) or device_type.organism_id.code
        organism = device_type.organism_id.filtered(lambda o: o.code == code and o.active)
        result["organism"] = organism = organism or self.env["eco.organism"].search(
            [("code", "=", code), ("company_id", "=", self.company_id.id)], order="id", limit=1
        )
        if not organism:
            result["reason"] = _("No %s account is set up for this company.", code.title())
            return result
        if self.under_warranty:
            result["reason"] = _("Under warranty: the bonus is for devices out of warranty.")
            return result
        if self.insurance_covered:
            result["reason"] = _("Covered by an insurance or an extended warranty: no bonus.")
            return result
        # a warranty return is judged on the day the device came back, whatever the grid's day
        previous = self._qualirepar_previous_repair()
        if previous:
            result["reason"] = _(
                "Back within the repair warranty of %(repair)s (%(months)s months): a warranty return earns no bonus.",
                repair=previous.name,
                months=self.company_id.qualirepar_warranty_months,
            )
            return result
        bonus = device_type._amount_on("bonus", day)
        if not bonus:
            result["reason"] = _(
                "No bonus for %(type)s on %(date)s.", type=device_type.name, date=fields.Date.to_string(day)
            )
            return result
        result["bonus"] = bonus
        minimum = device_type._minimum_price(day, bonus)
        currency = self.company_id.currency_id
        if self.sale_order_id and currency.compare_amounts(price, minimum) < 0:
            result["reason"] = _(
                "The repair costs %(price)s, tax included: the bonus of %(bonus)s needs at least %(minimum)s.",
                price=currency.format(price),
                bonus=currency.format(bonus),
                minimum=currency.format(minimum),
            )
        return result

    def _qualirepar_previous_repair(self):
        """A repair of the same device ended within the repair warranty before this
        one came in."""
        return self._previous_repair_within(self.company_id.qualirepar_warranty_months, self._qualirepar_day())

    def _previous_repair_within(self, months, day):
        """The same device's last repair ended within ``months`` before ``day``."""
        serials = [s for s in (self.device_serial, self.device_imei) if s]
        if not serials or not months:
            return self.browse()
        since = day - relativedelta(months=months)
        return self.search(
            [
                ("id", "!=", self._origin.id or 0),
                ("company_id", "=", self.company_id.id),
                ("state", "=", "done"),
                "|",
                ("device_serial", "in", serials),
                ("device_imei", "in", serials),
                ("repair_end_date", ">=", fields.Datetime.to_datetime(since)),
                ("repair_end_date", "<=", fields.Datetime.to_datetime(day + relativedelta(days=1))),
            ],
            order="repair_end_date desc",
            limit=1,
        )

    @api.depends(
        "on_site",
        "partner_id.partner_latitude",
        "partner_id.partner_longitude",
        "company_id.partner_id.partner_latitude",
        "company_id.partner_id.partner_longitude",
        "company_id.repair_zone_km",
    )
    def _compute_intervention_distance(self):
        for repair in self:
            shop, customer = repair.company_id.partner_id, repair.partner_id
            unplaced = (shop | customer).filtered(lambda p: not (p.partner_latitude or p.partner_longitude))
            repair.unplaced_partner_ids = unplaced if repair.on_site and customer else False
            if not repair.on_site or unplaced or not customer:
                repair.intervention_distance, repair.outside_zone = 0.0, False
                continue
            repair.intervention_distance = _distance_km(
                shop.partner_latitude, shop.partner_longitude, customer.partner_latitude, customer.partner_longitude
            )
            repair.outside_zone = repair.intervention_distance > repair.company_id.repair_zone_km

    @api.depends("qualirepar_fiche", "company_id", "schedule_date")
    def _compute_qualified_technician_ids(self):
        Qualification = self.env["qualirepar.qualification"]
        for repair in self:
            repair.qualified_technician_ids = (
                Qualification._qualified_users(repair.qualirepar_fiche, repair.company_id, repair._qualirepar_day())
                if repair.qualirepar_fiche
                else False
            )

    @api.constrains("user_id", "on_site", "qualirepar_product_type_id", "schedule_date")
    def _check_on_site_technician(self):
        """On site, the technician works alone under the label: he must hold the
        qualification for the device's fiche métier."""
        for repair in self.filtered(lambda r: r.on_site and r.user_id and r.qualirepar_fiche):
            if repair.user_id not in repair.qualified_technician_ids:
                fiche = dict(self._fields["qualirepar_fiche"]._description_selection(self.env))[repair.qualirepar_fiche]
                raise ValidationError(
                    _(
                        '%(technician)s is not qualified for the fiche "%(fiche)s" on %(date)s: send a '
                        "qualified technician on site (Repairs › Configuration › Qualifications).",
                        technician=repair.user_id.name,
                        fiche=fiche,
                        date=format_date(self.env, repair._qualirepar_day()),
                    )
                )

    def action_geolocate_addresses(self):
        """Place the shop's and the customer's addresses on the map (Odoo's
        geolocation, OpenStreetMap by default): the distance of an on-site repair
        comes from them."""
        problem = self._geolocate(self.unplaced_partner_ids, force=True)
        still = self.unplaced_partner_ids
        if still:
            raise UserError("\n".join(filter(None, [self._unplaced_message(still), problem])))
        return True

    def _geolocate(self, partners, force=False):
        """Place ``partners`` with Odoo's geolocation; what the geolocation server
        answered when it failed (else None)."""
        problem = None
        try:
            partners.sudo().with_context(force_geo_localize=force).geo_localize()
        except UserError as error:  # the server unreachable or refusing: said, not raised as is
            problem = str(error)
        self.invalidate_recordset(["unplaced_partner_ids", "intervention_distance", "outside_zone"])
        return problem

    def _unplaced_message(self, partners):
        return _(
            "The address of %(partners)s could not be placed on the map, so the distance of this on-site "
            "repair from the shop cannot be told. Complete the address (street, zip, city, country) or enter "
            "its coordinates on the contact (tab Sales & Purchase, Geolocation), or give the reason for going "
            "there.",
            partners=", ".join(partners.mapped("display_name")),
        )

    def _check_intervention_zone(self):
        for repair in self.filtered(lambda r: r.unplaced_partner_ids and not (r.zone_reason or "").strip()):
            # the label's zone is checked, never assumed: try to place them first
            repair._geolocate(repair.unplaced_partner_ids)
            if repair.unplaced_partner_ids:
                raise UserError(
                    _(
                        "%(repair)s: %(message)s",
                        repair=repair.name,
                        message=repair._unplaced_message(repair.unplaced_partner_ids),
                    )
                )
        for repair in self.filtered(lambda r: r.outside_zone and not (r.zone_reason or "").strip()):
            raise UserError(
                _(
                    "%(repair)s: the customer is %(distance).0f km from the shop, beyond the declared zone of "
                    "%(zone)s km. Give the reason for going there.",
                    repair=repair.name,
                    distance=repair.intervention_distance,
                    zone=repair.company_id.repair_zone_km,
                )
            )

    def action_validate(self):
        # the earlier repair may have ended since the device came in
        self._compute_warranty_return_of_id()
        self._check_intervention_zone()
        return super().action_validate()

    def action_repair_done(self):
        result = super().action_repair_done()
        done = self.filtered(lambda r: r.state == "done")
        done.filtered(lambda r: not r.repair_end_date).repair_end_date = fields.Datetime.now()
        done.filtered(lambda r: r.company_id.repair_sms_done)._repair_sms("repair_qualirepar.sms_template_repair_done")
        return result

    # -- control points ---------------------------------------------------------
    def _add_control_points(self):
        """The control points of the repair's fiche (and those of every repair) not
        listed yet; answers already given stay."""
        Point = self.env["qualirepar.control.point"].sudo()
        # only QualiRépar repairs (with a device type) follow the label's checks:
        # other repairs keep Odoo's flow
        for repair in self.filtered("qualirepar_product_type_id"):
            fiche = repair.qualirepar_product_type_id.fiche
            points = Point.search(
                [
                    ("fiche", "in", [False, fiche] if fiche else [False]),
                    ("company_id", "in", [False, repair.company_id.id]),
                ]
            )
            new = points - repair.control_answer_ids.point_id
            if new:
                self.env["repair.control.answer"].sudo().create(
                    [{"repair_id": repair.id, "point_id": point.id} for point in new]
                )

    def _check_control_points(self, stage):
        # read as superuser: Odoo lets an Inventory user start and end repairs, and
        # the label's mandatory points must stop them too, even when they may not
        # read the answers themselves
        for repair in self.sudo():
            unanswered = repair.control_answer_ids.filtered(lambda a: a.stage == stage and a.mandatory and not a.result)
            if unanswered:
                raise UserError(
                    _(
                        "%(repair)s: answer the mandatory %(stage)s points first: %(points)s.",
                        repair=repair.name,
                        stage=_("check-in") if stage == "check_in" else _("check-out"),
                        points=", ".join(unanswered.mapped("name")),
                    )
                )

    def action_repair_start(self):
        self._check_control_points("check_in")
        return super().action_repair_start()

    def action_repair_end(self):
        self._check_control_points("check_out")
        return super().action_repair_end()

    # -- documents ----------------------------------------------------------------
    @api.depends("product_id", "qualirepar_product_type_id", "company_id")
    def _compute_document_ids(self):
        device_types = self.qualirepar_product_type_id
        fiches = [fiche for fiche in device_types.mapped("fiche") if fiche]
        documents = self.env["repair.document"].search(
            [
                ("company_id", "in", [False, *self.company_id.ids]),
                "|",
                "|",
                ("product_id", "in", self.product_id.ids),
                ("product_type_id", "in", device_types.ids),
                ("fiche", "in", fiches),
            ]
        )
        for repair in self:
            repair.document_ids = documents.filtered(lambda d, r=repair: d._applies_to(r))
            repair.document_count = len(repair.document_ids)

    def action_send_documents(self):
        """The customer's documents of the repair, e-mailed from the chatter composer."""
        self.ensure_one()
        documents = self.document_ids.filtered("customer_visible")
        if not documents:
            raise UserError(_("No document for the customer on this repair."))
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_partner_ids": self.partner_id.ids,
                "default_subject": _("Documents for your repair %s", self.name),
                "default_body": _("Please find the documents about your device attached."),
                "default_attachment_ids": documents.attachment_id.ids,
                "default_composition_mode": "comment",
            },
        }

    # -- text messages ------------------------------------------------------------
    def _repair_sms_number(self):
        """The customer's mobile (or phone) in international format, read with
        ``phonenumbers`` in the customer's country (France by default); None
        when it is no valid number."""
        self.ensure_one()
        partner = self.partner_id
        region = partner.country_id.code or self.company_id.country_id.code or "FR"
        for number in (partner.mobile, partner.phone):
            if not number:
                continue
            try:
                parsed = phonenumbers.parse(number, region)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(parsed):
                return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
        return None

    def _repair_sms(self, template_xmlid):
        """Text the customer from the template; a repair without a valid number
        says so in its chatter instead."""
        for repair in self:
            number = repair._repair_sms_number()
            if not number:
                repair.message_post(body=_("No text message sent: the customer has no valid mobile number."))
                continue
            repair._message_sms_with_template(
                template_xmlid=template_xmlid,
                partner_ids=repair.partner_id.ids,
                sms_numbers=[number],
                put_in_queue=True,
            )

    def _repair_confirm_appointment(self):
        """An appointment booked, or moved, for a day to come: the customer is
        texted its day and time once (a repair taken in now is no appointment), and
        reminded again before the new day."""
        soon = fields.Datetime.now() + timedelta(minutes=30)
        for repair in self.filtered(
            lambda r: (
                r.company_id.repair_sms_appointment
                and r.partner_id
                and r.state in ("draft", "confirmed")
                and r.schedule_date
                and r.schedule_date > soon
                and r.schedule_date != r.sms_appointment_for
            )
        ):
            repair._repair_sms("repair_qualirepar.sms_template_repair_appointment")
            repair.write({"sms_appointment_for": repair.schedule_date, "sms_reminder_sent": False})

    @api.model
    def _cron_repair_sms(self):
        """Parts arrived for a repair that waited for them; appointment reminders."""
        now = fields.Datetime.now()
        repairs = self.search([("state", "in", ("confirmed", "under_repair")), ("sms_parts_sent", "=", False)])
        for repair in repairs.filtered(lambda r: r.company_id.repair_sms_parts and r.move_ids):
            if repair.parts_availability_state != "available":
                repair.sms_parts_waiting = True
            elif repair.sms_parts_waiting:
                repair._repair_sms("repair_qualirepar.sms_template_repair_parts")
                repair.sms_parts_sent = True
        upcoming = self.search(
            [
                ("state", "in", ("draft", "confirmed")),
                ("sms_reminder_sent", "=", False),
                ("schedule_date", ">", now),
            ]
        )
        for repair in upcoming.filtered(lambda r: r.company_id.repair_sms_reminder):
            if repair.schedule_date <= now + timedelta(hours=repair.company_id.repair_sms_reminder_hours):
                repair._repair_sms("repair_qualirepar.sms_template_repair_reminder")
                repair.sms_reminder_sent = True
