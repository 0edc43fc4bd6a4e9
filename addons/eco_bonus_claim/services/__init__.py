from . import client
from . import images
