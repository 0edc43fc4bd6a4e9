"""The QualiRépar catalogue of an eco-organism, synchronised from its API: product
types (with their "fiche métier"), brands and the eco-organism covering each,
repair codes, bonus amounts and trigger thresholds with their validity dates,
repair sites. Kept as data: what leaves the catalogue is archived, an amount that
changes is archived and replaced, so that past repairs keep the grid of their day."""

import re
import unicodedata
from collections import Counter, defaultdict
from datetime import timedelta

from odoo import api, fields, models

from odoo.addons.eco_bonus_claim.services.client import EcoClientError

FICHES = [
    ("1", "1 - Large appliances without refrigerant"),
    ("2", "2 - Large appliances with refrigerant"),
    ("3", "3 - Small appliances without refrigerant"),
    ("4", "4 - Televisions"),
    ("5", "5 - Other consumer electronics"),
    ("6", "6 - Cameras"),
    ("7", "7 - IT and telecom"),
    ("8", "8 - Large power tools"),
    ("9", "9 - Small power tools"),
    ("10", "10 - Personal mobility"),
]


def _name_key(name):
    """A name as both eco-organisms' catalogues could spell it: no accents, case,
    punctuation or extra spaces."""
    text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


class QualiReparCatalogEntry(models.AbstractModel):
    """What every entry of an eco-organism's catalogue has: the eco-organism, its
    id there, a name; archived when it leaves the catalogue."""

    _name = "qualirepar.catalog.entry"
    _description = "QualiRépar catalogue entry"
    _order = "name"

    organism_id = fields.Many2one("eco.organism", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="organism_id.company_id", store=True, index=True)
    external_id = fields.Char("Eco-organism ID", required=True)
    name = fields.Char(required=True)
    active = fields.Boolean(default=True)

    def _in_catalog_of(self, organism):
        """This entry in ``organism``'s own catalogue: itself when it comes from
        there, else the entry of the same name (the two eco-organisms number
        their catalogues differently). Empty when there is none."""
        self.ensure_one()
        if self.organism_id == organism:
            return self
        key = _name_key(self.name)
        entries = self.search([("organism_id", "=", organism.id), ("name", "=ilike", self.name)])
        entries = entries or self.search([("organism_id", "=", organism.id)])
        return entries.filtered(lambda entry: _name_key(entry.name) == key)[:1]


class QualiReparProductType(models.Model):
    _name = "qualirepar.product.type"
    _inherit = "qualirepar.catalog.entry"
    _description = "QualiRépar product type"

    fiche = fields.Selection(FICHES, string="Fiche métier")
    eligible_from = fields.Date()
    eligible_until = fields.Date()
    expected_id = fields.Selection(
        [("serial", "Serial number"), ("imei", "IMEI")],
        string="Identifier expected",
        help="What the eco-organism identifies the device by: the repair form asks for it.",
    )
    defect_code_kind = fields.Selection(
        [("repair_code", "Repair code"), ("iris", "IRIS code")],
        string="Defect code",
        help="The kind of code the eco-organism expects for the defect of this product type.",
    )
    brand_ids = fields.Many2many(
        "qualirepar.brand", "qualirepar_product_type_brand_rel", "product_type_id", "brand_id", string="Brands"
    )
    repair_code_ids = fields.One2many("qualirepar.repair.code", "product_type_id", string="Repair codes")
    amount_ids = fields.One2many("qualirepar.amount", "product_type_id", string="Amounts")
    iris_symptom_ids = fields.One2many("qualirepar.iris.symptom", "product_type_id", string="IRIS symptoms")

    _sql_constraints = [
        ("external_uniq", "unique(organism_id, external_id)", "A product type appears once in a catalogue."),
    ]

    def _amount_on(self, kind, on_date):
        """The bonus (or the trigger threshold) valid on ``on_date``; None if none."""
        self.ensure_one()
        for amount in self.amount_ids.filtered(lambda a: a.kind == kind):
            if amount.date_from <= on_date and (not amount.date_to or on_date <= amount.date_to):
                return amount.amount
        return None

    def _minimum_price(self, on_date, bonus):
        """The least a repair of this type must cost, tax included, to earn ``bonus``
        on ``on_date``: the trigger threshold of that day, and never less than the
        bonus itself."""
        self.ensure_one()
        return max(self._amount_on("threshold", on_date) or 0.0, bonus)

    # -- synchronisation --------------------------------------------------------------
    @api.model
    def _sync_catalog(self, organism, catalog):
        """Bring this eco-organism's catalogue in line with ``catalog`` (see
        ``services/catalog.py``), writing only what changed. Returns counts."""
        stats = Counter()
        env = self.with_context(active_test=False, tracking_disable=True).env
        organism_domain = [("organism_id", "=", organism.id)]
        brands = _sync(
            env["qualirepar.brand"],
            organism_domain,
            ("external_id",),
            [
                {
                    "organism_id": organism.id,
                    "external_id": b["external_id"],
                    "name": b["name"],
                    "covered_by": b["organism"],
                }
                for b in catalog["brands"]
            ],
            ("name", "covered_by"),
            stats,
        )
        types = _sync(
            env["qualirepar.product.type"],
            organism_domain,
            ("external_id",),
            [
                {
                    "organism_id": organism.id,
                    "external_id": p["external_id"],
                    "name": p["name"],
                    "fiche": str(p["fiche"]) if p.get("fiche") else False,
                    "eligible_from": p.get("eligible_from") or False,
                    "eligible_until": p.get("eligible_until") or False,
                    "expected_id": p.get("expected_id") or False,
                    "defect_code_kind": p.get("defect_code_kind") or False,
                }
                for p in catalog["product_types"]
            ],
            ("name", "fiche", "eligible_from", "eligible_until", "expected_id", "defect_code_kind"),
            stats,
        )
        _sync_brands_of_types(env, types, brands, catalog["product_types"], stats)
        type_ids = list(types.values())
        _sync(
            env["qualirepar.repair.code"],
            [("product_type_id", "in", type_ids)],
            ("product_type_id", "code"),
            [
                {"product_type_id": types[p["external_id"]], "code": code, "name": label}
                for p in catalog["product_types"]
                for code, label in p["repair_codes"]
            ],
            ("name",),
            stats,
        )
        # Ecologic's IRIS symptoms (a catalogue without them leaves none)
        _sync(
            env["qualirepar.iris.symptom"],
            [("product_type_id", "in", type_ids)],
            ("product_type_id", "code"),
            [
                {"product_type_id": types[p["external_id"]], "code": code, "name": label}
                for p in catalog["product_types"]
                for code, label in p.get("iris_symptoms") or []
            ],
            ("name",),
            stats,
        )
        _history_of_current_bonuses(env, types, catalog["product_types"], fields.Date.context_today(organism))
        _sync(
            env["qualirepar.amount"],
            [("product_type_id", "in", type_ids)],
            ("product_type_id", "kind", "date_from"),
            [
                {
                    "product_type_id": types[p["external_id"]],
                    "kind": kind,
                    "date_from": date_from,
                    "date_to": date_to or False,
                    "amount": amount,
                }
                for p in catalog["product_types"]
                for kind, date_from, date_to, amount in p["amounts"]
            ],
            ("date_to", "amount"),
            stats,
            replace=True,
        )
        _sync(
            env["qualirepar.repair.site"],
            organism_domain,
            ("external_id",),
            [{"organism_id": organism.id, **site} for site in catalog["repair_sites"]],
            ("name",),
            stats,
        )
        return stats


def _same(old, new):
    if isinstance(old, tuple):  # many2one as read
        old = old[0]
    if isinstance(old, float) or isinstance(new, float):
        return round(float(old or 0.0), 2) == round(float(new or 0.0), 2)
    if hasattr(old, "isoformat"):
        old = old.isoformat()
    return (old or False) == (new or False)


def _sync(model, domain, key_fields, rows, compared, stats, replace=False):
    """Create, update, archive ``model``'s records of ``domain`` so that they match
    ``rows`` (dicts with the ``key_fields`` and the ``compared`` fields); changed
    records are archived and replaced when ``replace`` (history). Returns
    ``{key: id}`` (``key`` the external id alone when there is one key field)."""
    existing = {}
    for record in model.search_read(domain, [*key_fields, *compared, "active"], order="id"):
        key = tuple(record[f][0] if isinstance(record[f], tuple) else record[f] for f in key_fields)
        key = tuple(k.isoformat() if hasattr(k, "isoformat") else k for k in key)
        existing[key] = record
    ids, to_create, to_archive = {}, [], []
    updates = defaultdict(list)
    for row in rows:
        key = tuple(row[f] for f in key_fields)
        old = existing.pop(key, None)
        if old is not None:
            changes = {f: row[f] for f in compared if not _same(old[f], row[f])}
            if changes and replace:
                to_archive.append(old["id"])
                old = None
            elif changes or not old["active"]:
                updates[tuple(sorted({**changes, "active": True}.items()))].append(old["id"])
        if old is None:
            to_create.append(row)
        else:
            ids[key] = old["id"]
    to_archive += [record["id"] for record in existing.values() if record["active"]]
    if to_archive:
        model.browse(to_archive).write({"active": False})
    for values, record_ids in updates.items():
        model.browse(record_ids).write(dict(values))
    created = model.create(to_create)
    for record, row in zip(created, to_create, strict=True):
        ids[tuple(row[f] for f in key_fields)] = record.id
    stats[f"{model._name}:created"] += len(to_create)
    stats[f"{model._name}:updated"] += sum(len(v) for v in updates.values())
    stats[f"{model._name}:archived"] += len(to_archive)
    return {key[0] if len(key_fields) == 1 else key: value for key, value in ids.items()}


def _history_of_current_bonuses(env, types, product_types, today):
    """A catalogue that gives only today's bonus of a product type (Ecologic's
    ``calculateecosupport``) keeps its history here: an unchanged bonus keeps its
    row, a changed one closes the open row yesterday and opens one today (the first
    one known is valid from the type's eligibility), so that past repairs keep the
    bonus of their day. Fills each such product's ``amounts``."""
    current = [p for p in product_types if "current_bonus" in p]
    if not current:
        return
    history = defaultdict(list)
    for row in env["qualirepar.amount"].search_read(
        [
            ("product_type_id", "in", [types[p["external_id"]] for p in current]),
            ("kind", "=", "bonus"),
            ("active", "=", True),
        ],
        ["product_type_id", "date_from", "date_to", "amount"],
        order="date_from",
    ):
        history[row["product_type_id"][0]].append(
            ["bonus", row["date_from"].isoformat(), row["date_to"] and row["date_to"].isoformat(), row["amount"]]
        )
    today_text, yesterday = today.isoformat(), (today - timedelta(days=1)).isoformat()
    for product in current:
        amounts, bonus = history[types[product["external_id"]]], product["current_bonus"] or 0.0
        open_rows = [row for row in amounts if not row[2] or row[2] >= today_text]
        if open_rows and round(open_rows[-1][3], 2) == round(bonus, 2):
            pass
        elif not amounts and bonus:
            amounts.append(["bonus", product.get("eligible_from") or today_text, None, bonus])
        else:
            for row in open_rows:
                row[2] = yesterday
            amounts[:] = [row for row in amounts if row[2] is None or row[1] <= row[2]]
            if bonus:
                amounts.append(["bonus", today_text, None, bonus])
        product["amounts"] = [tuple(row) for row in amounts]


def _sync_brands_of_types(env, types, brands, product_types, stats):
    cr = env.cr
    current = defaultdict(set)
    if types:
        cr.execute(
            "SELECT product_type_id, brand_id FROM qualirepar_product_type_brand_rel WHERE product_type_id = ANY(%s)",
            [list(types.values())],
        )
        for type_id, brand_id in cr.fetchall():
            current[type_id].add(brand_id)
    Type = env["qualirepar.product.type"]
    for product in product_types:
        type_id = types[product["external_id"]]
        wanted = {brands[b] for b in product["brands"] if b in brands}
        if wanted != current[type_id]:
            Type.browse(type_id).brand_ids = [fields.Command.set(sorted(wanted))]
            stats["qualirepar.product.type:brands changed"] += 1


class QualiReparBrand(models.Model):
    _name = "qualirepar.brand"
    _inherit = "qualirepar.catalog.entry"
    _description = "QualiRépar brand"

    covered_by = fields.Selection(
        [("ecosystem", "Ecosystem"), ("ecologic", "Ecologic")],
        help="The eco-organism that pays the bonus for this brand's devices.",
    )

    _sql_constraints = [
        ("external_uniq", "unique(organism_id, external_id)", "A brand appears once in a catalogue."),
    ]

    def _qualirepar_covered_by(self, product_type):
        """The code of the eco-organism paying for this brand: as Ecosystem's catalogue
        says (``isEcosystemBrand``, also for the same brand in Ecologic's catalogue),
        else as Ecologic's ``getecoorganization`` answers, asked once and kept. None
        when nobody can tell (the device type's eco-organism then pays)."""
        self.ensure_one()
        if self.covered_by:
            return self.covered_by
        brands = self.sudo().search(
            [
                ("organism_id.code", "=", "ecosystem"),
                ("company_id", "=", self.company_id.id),
                ("covered_by", "!=", False),
                ("name", "=ilike", self.name),
            ]
        )
        if brands:
            return brands[0].covered_by
        organism = self.organism_id.sudo()
        if organism.code != "ecologic" or not product_type:
            return None
        product = product_type._in_catalog_of(organism) if product_type.organism_id != organism else product_type
        if not product:
            return None
        try:
            answer = organism._eco_client().eco_organization(self.external_id, product.external_id)
        except EcoClientError:
            return None  # asked again next time
        covering = (
            self.env["eco.organism"]
            .sudo()
            .search([("qualirepar_ecologic_org_id", "=", answer), ("code", "in", ("ecosystem", "ecologic"))], limit=1)
        )
        if covering:
            self.sudo().covered_by = covering.code
        return covering.code or None


class QualiReparRepairCode(models.Model):
    _name = "qualirepar.repair.code"
    _description = "QualiRépar repair code"
    _order = "code"
    _rec_names_search = ["code", "name"]

    product_type_id = fields.Many2one("qualirepar.product.type", required=True, ondelete="cascade", index=True)
    code = fields.Char(required=True)
    name = fields.Char("Description")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_uniq", "unique(product_type_id, code)", "A repair code appears once per product type."),
    ]

    def _in_catalog_of(self, product_type):
        """The same repair code among ``product_type``'s (of another catalogue):
        same code, else same description."""
        self.ensure_one()
        if self.product_type_id == product_type:
            return self
        codes = product_type.repair_code_ids
        return (
            codes.filtered(lambda code: code.code == self.code)
            or codes.filtered(lambda code: self.name and _name_key(code.name) == _name_key(self.name))
        )[:1]

    @api.depends("code", "name")
    def _compute_display_name(self):
        for code in self:
            code.display_name = f"{code.code} - {code.name}" if code.name else code.code


class QualiReparAmount(models.Model):
    _name = "qualirepar.amount"
    _description = "QualiRépar bonus amount or threshold"
    _order = "product_type_id, kind, date_from desc"

    product_type_id = fields.Many2one("qualirepar.product.type", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="product_type_id.company_id", store=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    kind = fields.Selection(
        [("bonus", "Bonus"), ("threshold", "Trigger threshold")],
        required=True,
        help="Bonus: deducted from the invoice. Trigger threshold: the lowest repair price, tax included, "
        "that earns it.",
    )
    date_from = fields.Date("Valid from", required=True)
    date_to = fields.Date("Valid until")
    amount = fields.Monetary(required=True)
    active = fields.Boolean(
        default=True, help="Archived: replaced by the eco-organism, kept for the repairs of its time."
    )


class QualiReparRepairSite(models.Model):
    _name = "qualirepar.repair.site"
    _inherit = "qualirepar.catalog.entry"
    _description = "QualiRépar repair site"

    _sql_constraints = [
        ("external_uniq", "unique(organism_id, external_id)", "A repair site appears once per eco-organism."),
    ]


class QualiReparIrisSymptom(models.Model):
    """A symptom of the IRIS coding (``IRISSymtoms`` of Ecologic's product types): the
    failure code Ecologic requires on a claim."""

    _name = "qualirepar.iris.symptom"
    _description = "QualiRépar IRIS symptom"
    _order = "code"
    _rec_names_search = ["code", "name"]

    product_type_id = fields.Many2one("qualirepar.product.type", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="product_type_id.company_id", store=True, index=True)
    code = fields.Char(required=True)
    name = fields.Char("Description")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_uniq", "unique(product_type_id, code)", "An IRIS symptom appears once per product type."),
    ]

    def _in_catalog_of(self, product_type):
        """The same symptom among ``product_type``'s: IRIS codes are shared by the trade."""
        self.ensure_one()
        if self.product_type_id == product_type:
            return self
        return product_type.iris_symptom_ids.filtered(lambda symptom: symptom.code == self.code)[:1]

    @api.depends("code", "name")
    def _compute_display_name(self):
        for symptom in self:
            symptom.display_name = f"{symptom.code} - {symptom.name}" if symptom.name else symptom.code
