from . import test_eco_organism_access
from . import test_loopback_emulator
from . import test_claim_engine
from . import test_concurrent_senders
