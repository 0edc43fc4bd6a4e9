from . import test_marketing_consent
