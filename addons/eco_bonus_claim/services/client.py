"""What every eco-organism connector speaks: one small client class per service.

A connector subclasses :class:`EcoClient`; the claim engine only calls
:meth:`EcoClient.submit_claim` and :meth:`EcoClient.get_claim_status` and only
handles the two errors below, so that Ecosystem or Ecologic plug in without any
change to the engine.
"""

import abc
import logging
import os

import requests

_logger = logging.getLogger(__name__)


def read_files(attachments):
    """``(name, mimetype, content, kind)`` with each content as bytes: the engine
    hands over files still on disk as a function reading them, so that the
    reading happens in the sending thread."""
    return [
        (name, mimetype, content() if callable(content) else content, kind)
        for name, mimetype, content, kind in attachments
    ]


class EcoClientError(Exception):
    """Base of the errors a connector raises. A claim sent in several steps that
    failed after the service created it carries the service's ``external_id``, so
    that the next attempt resumes that claim instead of creating another."""

    def __init__(self, message, external_id=None, status_code=None):
        super().__init__(message)
        self.external_id = external_id
        self.status_code = status_code


class EcoTransientError(EcoClientError):
    """The service could not answer now (timeout, connection, 5xx, throttling):
    the claim waits and is sent again later."""


class EcoRejectedError(EcoClientError):
    """The service refused the claim as it is (validation): a person must look at it."""


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
    def submit_claim(self, payload, attachments):
        """Create the claim; ``payload`` carries ``reference``, an idempotency key:
        sending the same reference twice must not create two claims, and
        ``external_id`` when a previous attempt got that far (resume that claim).
        ``attachments``: list of ``(file_name, mimetype, bytes, kind)``.
        Returns ``(external_id, external_status)``."""

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
        except requests.Timeout as error:
            _logger.info("%s %s: timeout", method, path)
            raise EcoTransientError("the service did not answer in time") from error
        except requests.ConnectionError as error:
            _logger.info("%s %s: connection error", method, path)
            raise EcoTransientError("the service cannot be reached") from error
        _logger.info("%s %s: HTTP %s", method, path, response.status_code)
        status = response.status_code
        if status in (408, 425, 429) or status >= 500:
            raise EcoTransientError(f"the service answered HTTP {status}", status_code=status)
        if status in (401, 403):
            # every claim would fail the same way: they wait for the credentials to be fixed
            raise EcoTransientError(f"the service refused the credentials (HTTP {status})", status_code=status)
        try:
            body = response.json() if response.content else {}
        except ValueError as error:
            raise EcoTransientError(f"the service answered HTTP {status} without JSON", status_code=status) from error
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
