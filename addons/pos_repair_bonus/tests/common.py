import base64
import io

from PIL import Image


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
