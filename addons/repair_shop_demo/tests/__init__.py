from . import test_demo_shop
