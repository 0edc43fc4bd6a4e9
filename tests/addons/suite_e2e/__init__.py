import os


def _till_users_time_zone():
    """With SUITE_TEST_TZ set (``scripts/suite test`` loads this hook server-wide),
    the users of Odoo's till test fixtures live in that time zone instead of UTC
    (the sessions of TestPoSCommon) or America/New_York (the cashier and manager of
    the tours), so that every till test of every addon meets a "today" that is
    neither UTC's nor New York's. The tours' browser lives there too (the
    google-chrome wrapper of scripts/lib/common.sh)."""
    tz = os.environ.get("SUITE_TEST_TZ")
    if not tz:
        return
    from odoo.addons.point_of_sale.tests.common import TestPoSCommon
    from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon

    def in_time_zone(fixture, users):
        if getattr(fixture, "_suite_test_tz", None):
            return
        fixture_setup = fixture.setUpClass.__func__

        def setUpClass(cls):
            fixture_setup(cls)
            for user in users(cls):
                user.tz = tz

        fixture.setUpClass = classmethod(setUpClass)
        fixture._suite_test_tz = tz

    in_time_zone(TestPoSCommon, lambda cls: cls.env.user)
    in_time_zone(TestPointOfSaleHttpCommon, lambda cls: cls.pos_user | cls.pos_admin | cls.env.user)
