"""What every eco-organism connector speaks: one small client class per service.

A connector subclasses :class:`EcoClient`; the claim engine calls
:meth:`EcoClient.submit_claim`, :meth:`EcoClient.find_claim` (after a lost answer)
and :meth:`EcoClient.get_claim_status`. It maps the errors below onto the claim
(retry, review) and treats any other exception as a failure of that claim alone.
"""

import abc
import logging
import os

import requests
import urllib3

_logger = logging.getLogger(__name__)


def read_files(attachments):
    """``(name, mimetype, content, kind)`` with each content as bytes: the engine
    hands over files still on disk as a function reading them, so that the
    reading happens in the sending thread."""
    return [
        (name, mimetype, content() if callable(content) else content, kind)
        for name, mimetype, content, kind in attachments
    ]


def _never_sent(error):
    """True when the connection failed before the request left (refused, no route,
    unknown host), as urllib3 reports it under requests' error."""
    seen, stack = set(), [error]
    while stack:
        cause = stack.pop()
        if cause is None or id(cause) in seen:
            continue
        seen.add(id(cause))
        if isinstance(cause, urllib3.exceptions.NewConnectionError):
            return True
        stack += [cause.__cause__, cause.__context__, getattr(cause, "reason", None)]
        stack += [arg for arg in cause.args if isinstance(arg, BaseException)]
    return False


class EcoClientError(Exception):
    """Base of the errors a connector raises. A claim sent in several steps that
    failed after the service created it carries the service's ``external_id``, so
    that the next attempt resumes that claim instead of creating another."""

    def __init__(self, message, external_id=None, status_code=None, maybe_received=False):
        super().__init__(message)
        self.external_id = external_id
        self.status_code = status_code
        self.maybe_received = maybe_received


class EcoTransientError(EcoClientError):
    """The service could not answer now (timeout, connection, 5xx, throttling):
    the claim waits and is sent again later. ``maybe_received``: the request went
    out and its answer was lost or unreadable (timeout while reading, connection
    dropped, truncated body, an answer without the claim's id), so the service may
    hold the claim: the next attempt looks for it before creating it again."""


class EcoRejectedError(EcoClientError):
    """The service refused the claim as it is (validation), or the claim cannot be
    sent as it is (a bad photo): a person must look at it."""


class EcoLookupUnavailable(EcoClientError):
    """The service offers no way to find a claim an earlier attempt may have
    created: a person checks on its site before the claim is sent again."""


class EcoClient(abc.ABC):
    """JSON over HTTPS with a base URL, credentials, a timeout and error mapping.
    Secrets never reach the logs: only the method, the path and the status do."""

    timeout = 10  # seconds, for connecting and for each read

    def __init__(self, base_url, login=None, secret=None, session=None):
        if not base_url:
            # the claims wait until a manager configures the account
            raise EcoTransientError("no API URL configured for this eco-organism")
        self.base_url = base_url.rstrip("/")
        self.login = login
        self.secret = secret
        self.session = session or self._new_session(self.base_url)

    @staticmethod
    def _new_session(base_url):
        """A session that reads the environment (proxies, CA bundle) once, here:
        left to itself, requests reads it again, with ~/.netrc, on every call,
        which costs more than the call to a nearby service."""
        session = requests.Session()
        session.trust_env = False
        session.proxies = requests.utils.get_environ_proxies(base_url)
        session.verify = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True
        return session

    # -- what the engine calls ------------------------------------------------------
    @abc.abstractmethod
    def submit_claim(self, payload, attachments, progress=None):
        """Create the claim; ``payload`` carries ``reference`` (the claim's own
        reference, never changed once sent) and ``external_id`` when a previous
        attempt got that far (resume that claim). ``attachments``: list of
        ``(file_name, mimetype, bytes, kind)``. A claim sent in several steps calls
        ``progress(external_id)`` as soon as the service has created it, so that
        the engine records the id before the next step can fail.
        Returns ``(external_id, external_status)``."""

    def find_claim(self, payload):
        """The claim an earlier attempt may have created for ``payload`` (its
        answer was lost): ``(external_id, external_status)``, or None when the
        service holds none. Connectors answer with what their API offers; without
        a way to look, the claim waits for a person."""
        raise EcoLookupUnavailable("the service offers no way to look up a claim")

    @abc.abstractmethod
    def get_claim_status(self, external_id):
        """Returns ``(external_status, reason, paid_amount)``."""

    # -- transport --------------------------------------------------------------------
    def _headers(self):
        return {"Accept": "application/json"}

    def _request(self, method, path, **kwargs):
        url = f"{self.base_url}{path}"
        try:
            response = self.session.request(method, url, headers=self._headers(), timeout=self.timeout, **kwargs)
        except requests.ConnectTimeout as error:
            _logger.info("%s %s: connection timeout", method, path)
            raise EcoTransientError("the service cannot be reached") from error
        except requests.Timeout as error:
            _logger.info("%s %s: timeout", method, path)
            raise EcoTransientError("the service did not answer in time", maybe_received=True) from error
        except requests.RequestException as error:
            # refused before sending, or dropped / truncated after: only the first
            # is sure not to have reached the service
            sent = not _never_sent(error)
            _logger.info("%s %s: %s (%s)", method, path, type(error).__name__, str(error)[:200])
            raise EcoTransientError(
                "the connection to the service was lost" if sent else "the service cannot be reached",
                maybe_received=sent,
            ) from error
        _logger.info("%s %s: HTTP %s", method, path, response.status_code)
        status = response.status_code
        if status in (408, 425, 429) or status >= 500:
            # a gateway timing out may have passed the request on
            raise EcoTransientError(
                f"the service answered HTTP {status}", status_code=status, maybe_received=status == 504
            )
        if status in (401, 403):
            # every claim would fail the same way: they wait for the credentials to be fixed
            raise EcoTransientError(f"the service refused the credentials (HTTP {status})", status_code=status)
        try:
            body = response.json() if response.content else {}
        except ValueError as error:
            raise EcoTransientError(
                f"the service answered HTTP {status} without JSON", status_code=status, maybe_received=status < 400
            ) from error
        if status >= 400:
            raise EcoRejectedError(self._rejection_reason(body) or f"HTTP {status}", status_code=status)
        return self._check_answer(status, body)

    def _check_answer(self, status, body):
        """A successful answer's body, or an error for a service that reports
        refusals with a success status."""
        return body

    def _rejection_reason(self, body):
        if isinstance(body, dict):
            errors = body.get("errors") or body.get("error")
            if isinstance(errors, list):
                return "; ".join(str(e) for e in errors)
            return str(errors) if errors else body.get("message")
        return None
