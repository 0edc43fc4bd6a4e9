"""Photos checked and cleaned within Pillow's limits, for every connector.

A photo comes from a phone or a till: it may be huge, truncated, or built to
exhaust memory (a 20000 x 20000 PNG of 48 kB). Its size is read from the header
(``Image.open`` decodes nothing) and bounded before any pixel is decoded; a JPEG
is then decoded at the reduced scale its thumbnail needs (``Image.draft``), and
the copy made has no metadata (EXIF, GPS) at all.
"""

import io
import warnings

from PIL import Image, ImageOps


class ImageProblem(Exception):
    """What is wrong with a file, in words for the shop."""


def _open(env, raw, max_pixels):
    """The image of ``raw`` opened lazily, its pixel count checked against
    ``max_pixels`` before anything is decoded."""
    if not raw:
        raise ImageProblem(env._("The photo is empty."))
    try:
        with warnings.catch_warnings():
            # above Pillow's own bound it warns, then refuses: ours is lower and said below
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(raw))
    except Image.DecompressionBombError as error:
        raise ImageProblem(
            env._(
                "The photo has far too many pixels to be opened safely (%(max)s million at most).",
                max=max_pixels // 10**6,
            )
        ) from error
    except Exception as error:
        raise ImageProblem(env._("The file is not an image (JPEG, PNG or WebP photo expected).")) from error
    width, height = image.size
    if width * height > max_pixels:
        image.close()
        raise ImageProblem(
            env._(
                "The photo is %(width)s x %(height)s pixels, more than the %(max)s million pixels allowed.",
                width=width,
                height=height,
                max=max_pixels // 10**6,
            )
        )
    return image


def _truncated(image, raw):
    """Whether the decoder ran out of data. Odoo lets Pillow decode truncated files
    (``ImageFile.LOAD_TRUNCATED_IMAGES`` is set for its reports), which fills the
    missing part with grey: Pillow's JPEG reader then marks the image ``_ended``
    when it had to invent the end marker; a PNG without its IEND chunk is cut."""
    if getattr(image, "_ended", False):
        return True
    return image.format == "PNG" and b"IEND" not in raw[-64:]


def check_image(env, raw, max_pixels):
    """Raise :class:`ImageProblem` unless ``raw`` is an image of at most
    ``max_pixels`` pixels whose structure Pillow accepts (no pixel decoded)."""
    with _open(env, raw, max_pixels) as image:
        try:
            image.verify()
        except Exception as error:
            raise ImageProblem(env._("The photo is damaged and cannot be read.")) from error


def clean_jpeg(env, raw, max_side, max_pixels, quality=85):
    """``raw`` as a JPEG no larger than ``max_side`` pixels, turned upright, without
    any metadata. Raises :class:`ImageProblem` for a file that is not a whole
    image (a truncated JPEG is refused, never sent half grey)."""
    with _open(env, raw, max_pixels) as image:
        try:
            if image.format == "JPEG":
                # decode at 1/2, 1/4 or 1/8 of the size: never the full resolution
                image.draft("RGB", (max_side, max_side))
            image.load()
            if _truncated(image, raw):
                raise ImageProblem(env._("The photo is incomplete (truncated file)."))
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail((max_side, max_side))
            # a new image carries nothing of the original's metadata
            clean = Image.new("RGB", upright.size)
            clean.paste(upright.convert("RGB"))
            out = io.BytesIO()
            clean.save(out, "JPEG", quality=quality, optimize=True)
        except ImageProblem:
            raise
        except Exception as error:
            if "truncated" in str(error):
                raise ImageProblem(env._("The photo is incomplete (truncated file).")) from error
            raise ImageProblem(env._("The photo is damaged and cannot be read.")) from error
    return out.getvalue()
