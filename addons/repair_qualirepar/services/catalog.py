"""The catalogue both connectors return, whatever their service calls it::

{
    "product_types": [{
        "external_id", "name", "fiche" (1-10 or None),
        "eligible_from", "eligible_until" (ISO dates or None),
        "brands": [brand external ids],
        "repair_codes": [(code, label)],
        "amounts": [(kind "bonus" | "threshold", date_from, date_to, amount)],
    }],
    "brands": [{"external_id", "name", "organism": "ecosystem" | "ecologic" | None}],
    "repair_sites": [{"external_id", "name"}],
    "repairer_id": the shop's id at the service, or None,
}
"""

import re


def day(value):
    """``2024-01-01T00:00:00`` or ``2024-01-01`` → ``2024-01-01``; empty → None."""
    return value[:10] if value else None


def fiche(value):
    """The label's "fiche métier" number from ``7``, ``"7"`` or ``"Fiche 7 - EI&T"``."""
    match = re.search(r"\d+", str(value or ""))
    number = int(match.group()) if match else None
    return number if number and 1 <= number <= 10 else None
