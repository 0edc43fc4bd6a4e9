from odoo.addons.repair_qualirepar.tests.ecologic_emulator import ECOLOGIC_ORG_ID, ECOSYSTEM_ORG_ID, EcologicEmulator
from odoo.addons.repair_qualirepar.tests.ecosystem_emulator import EcosystemEmulator


def small_catalog():
    """Two product types of the published grid, three brands."""
    brands = [
        {"BrandID": "B1", "BrandName": "Lavix", "isEcosystemBrand": True},
        {"BrandID": "B2", "BrandName": "Froidor", "isEcosystemBrand": False},
        {"BrandID": "B3", "BrandName": "Portabl", "isEcosystemBrand": True},
    ]
    return [
        {
            "ProductID": "LL",
            "ProductName": "Lave-linge",
            "ProductEligibleFrom": "2022-12-15T00:00:00",
            "ProductEligibleUntil": None,
            # S1 response_pojo/ProductSheet.java: an object
            "ProductSheet": {
                "Type": "Fiche 1 - GEM hors froid",
                "ExpectedIdType": "SerialNumber",
                "DefectIdType": "RepairCode",
                "ValidFrom": "2022-12-15",
                "ValidTo": "2099-12-31",
            },
            "Brands": brands[:2],
            "RepairCode": [
                {"Code": "LL01", "Description": "Pompe de vidange"},
                {"Code": "LL02", "Description": "Roulements"},
            ],
            "Amounts": [
                {"AmountValidFrom": "2022-12-15", "AmountValidUntil": "2023-12-31", "Amount": 25, "Currency": "EUR"},
                {"AmountValidFrom": "2024-01-01", "AmountValidUntil": None, "Amount": 50, "Currency": "EUR"},
            ],
            "Threshold": [],
        },
        {
            "ProductID": "PC",
            "ProductName": "Ordinateur portable",
            "ProductEligibleFrom": "2022-12-15",
            "ProductEligibleUntil": None,
            "ProductSheet": {
                "Type": "7",
                "ExpectedIdType": "SerialNumber",
                "DefectIdType": "RepairCode",
                "ValidFrom": "2022-12-15",
                "ValidTo": "2099-12-31",
            },
            "Brands": brands[2:],
            "RepairCode": [{"Code": "PC01", "Description": "Écran"}],
            "Amounts": [
                {"AmountValidFrom": "2022-12-15", "AmountValidUntil": "2023-12-31", "Amount": "45", "Currency": "EUR"},
                {"AmountValidFrom": "2024-01-01", "AmountValidUntil": None, "Amount": "50.00", "Currency": "EUR"},
            ],
            "Threshold": [
                {
                    "AmountValidFrom": "2022-12-15",
                    "AmountValidTo": "2023-12-31",
                    "MinimumAmount": 180,
                    "Currency": "EUR",
                },
                {"AmountValidFrom": "2024-01-01", "AmountValidTo": None, "MinimumAmount": 150, "Currency": "EUR"},
            ],
        },
    ]


def device_types(env, *types):
    """Product types ``(external_id, name, fiche)`` of a fresh Ecosystem catalogue."""
    organism = env["eco.organism"].create(
        {"name": "Ecosystem", "code": "ecosystem", "partner_id": env["res.partner"].create({"name": "Ecosystem"}).id}
    )
    return env["qualirepar.product.type"].create(
        [
            {"organism_id": organism.id, "external_id": external_id, "name": name, "fiche": fiche}
            for external_id, name, fiche in types
        ]
    )


class QualiReparEmulatorsMixin:
    """Both eco-organisms' emulators on 127.0.0.1 and the shop's accounts with them."""

    @classmethod
    def setup_organisms(cls):
        # the demo accounts stay out of the way: one account per eco-organism here
        cls.env["eco.organism"].search([("code", "in", ("ecosystem", "ecologic"))]).action_archive()
        partner = cls.env["res.partner"].create
        cls.ecosystem = cls.env["eco.organism"].create(
            {
                "name": "Ecosystem",
                "code": "ecosystem",
                "partner_id": partner({"name": "Ecosystem", "is_company": True}).id,
                "login": "atelier",
                "secret": "secret",
                "timeout": 2,
                "qualirepar_ecologic_org_id": str(ECOSYSTEM_ORG_ID),
            }
        )
        cls.ecologic = cls.env["eco.organism"].create(
            {
                "name": "Ecologic",
                "code": "ecologic",
                "partner_id": partner({"name": "Ecologic", "is_company": True}).id,
                "secret": "test-key",
                "timeout": 2,
                "qualirepar_ecologic_org_id": str(ECOLOGIC_ORG_ID),
            }
        )

    def start_emulators(self):
        self.ecosystem_api = EcosystemEmulator(catalog=small_catalog()).start()
        self.addCleanup(self.ecosystem_api.stop)
        self.ecologic_api = EcologicEmulator().start()
        self.addCleanup(self.ecologic_api.stop)
        self.ecosystem.test_url = self.ecosystem_api.url
        self.ecologic.test_url = f"{self.ecologic_api.url}/api/v1/ecosupport"
