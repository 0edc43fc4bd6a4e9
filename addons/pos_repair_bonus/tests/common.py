import base64
import io
import json

from PIL import Image

from odoo import Command
from odoo.tools import file_open


def jpeg_photo(width=2400, height=1800, color=(120, 80, 40), gps=True):
    """A JPEG as a phone takes it: large, with EXIF (camera and GPS position)."""
    image = Image.new("RGB", (width, height), color)
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    if gps:
        exif[0x8825] = {1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 3.0)}  # GPSInfo
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=90)
    return out.getvalue()


def b64(data):
    return base64.b64encode(data).decode()


def refashion_account(env, **values):
    """A Refashion account of the current company, as a POS manager sets it up."""
    return env["eco.organism"].create(
        {
            "name": "Refashion",
            "code": "refashion",
            "partner_id": env["res.partner"].create({"name": "Refashion", "is_company": True}).id,
            "siret": "73282932000074",
            "account_email": "atelier@example.fr",
            **values,
        }
    )


def bonus_cases():
    """The table of cases the till's rule and the server's both run."""
    with file_open("pos_repair_bonus/static/tests/bonus_cases.json") as cases:
        return json.load(cases)


def bonus_case_tax(env):
    return env["account.tax"].create(
        {
            "name": "TVA 20 % TTC (cas)",
            "amount": 20.0,
            "amount_type": "percent",
            "price_include_override": "tax_included",
        }
    )


def bonus_case_products(env, tax, cases):
    """The products of the table: repairs of the shoes family with their allowed
    types, and plain products (a polish, a discount)."""
    family = env.ref("pos_repair_bonus.family_shoes")
    products = {}
    for key, spec in cases["products"].items():
        values = {
            "name": spec["name"],
            "type": "service",
            "list_price": 10.0,
            "available_in_pos": True,
            "taxes_id": [Command.set(tax.ids)],
        }
        if spec.get("types"):
            types = family.repair_type_ids.filtered(lambda t, codes=spec["types"]: t.code in codes)
            values.update(
                refashion_eligible=True,
                eco_bonus_family_id=family.id,
                eco_bonus_repair_type_ids=[Command.set(types.ids)],
            )
        products[key] = env["product.product"].create(values)
    return products


def repair_product(env, name, price, types):
    """A repair of the shoes family sold at the till, without tax, with the repair
    types of the grid's ``types`` (xml ids of pos_repair_bonus)."""
    return env["product.product"].create(
        {
            "name": name,
            "type": "service",
            "list_price": price,
            "taxes_id": [Command.clear()],
            "available_in_pos": True,
            "refashion_eligible": True,
            "eco_bonus_family_id": env.ref("pos_repair_bonus.family_shoes").id,
            "eco_bonus_repair_type_ids": [Command.set([env.ref(f"pos_repair_bonus.{xmlid}").id for xmlid in types])],
        }
    )
