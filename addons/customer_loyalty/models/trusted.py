"""What the addon writes itself, and no user may write through the ORM's public
methods: a card's tier and points of the year, the points and holder of a loyalty
card while it is Odoo's till that syncs them, a customer's anonymisation, the
evidence of a consent.

A context key could be sent by any RPC caller; this flag lives in the server's
call stack only (a ``ContextVar``), set around the addon's and Odoo's own flows."""

import contextlib
import contextvars

_TRUSTED = contextvars.ContextVar("customer_loyalty_trusted", default=False)


@contextlib.contextmanager
def trusted():
    token = _TRUSTED.set(True)
    try:
        yield
    finally:
        _TRUSTED.reset(token)


def is_trusted(env):
    return env.su or _TRUSTED.get()
