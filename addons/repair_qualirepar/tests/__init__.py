from . import test_catalog_sync
from . import test_claims
from . import test_control_points
from . import test_documents
from . import test_repair_bonus
from . import test_repair_portal
from . import test_repair_sms
from . import test_qualirepar_setup
