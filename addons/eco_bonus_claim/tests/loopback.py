"""A threaded HTTP server on 127.0.0.1 that answers JSON and injects failures.

An emulator subclasses :class:`LoopbackServer` and registers routes::

    class RefashionEmulator(LoopbackServer):
        def setup_routes(self):
            self.route("POST", "/claims", self.create_claim)

        def create_claim(self, request):
            return 201, {"id": ...}

Tests queue failures that the next matching requests get instead of the normal
answer: ``server.fail_next("POST", "/claims", status=503)``,
``server.fail_next(..., delay=5)`` (answers after the client's timeout). With
``after=True`` the request is handled first (the service stores the claim) and
only then does the answer go wrong: late (``delay``), replaced
(``replace=True``: ``status`` and ``body``, e.g. a 200 with ``{}``), cut off
(``drop=True``: the connection is closed without an answer) or truncated
(``truncate=True``: half the body announced). ``match=`` (a function of the
request) aims a failure at one claim. ``server.fail_ratio(0.3, seed=1)`` fails a
share of the requests, drawn reproducibly, with 503s or with ``kinds`` (a list
of ``fail_next`` keyword arguments). Every request received is kept in
``server.requests``.

These are the ways real services and the networks in front of them fail; the
answer shapes of each contract are cited in its emulator.
"""

import json
import random
import re
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit


@dataclass
class Request:
    method: str
    path: str
    headers: dict
    body: bytes
    params: dict = field(default_factory=dict)
    query: dict = field(default_factory=dict)

    def json(self):
        return json.loads(self.body or b"null")


@dataclass
class Failure:
    method: str
    path: re.Pattern
    status: int = 503
    body: object = None
    delay: float = 0.0
    after: bool = False  # handle the request normally (the work is done), then fail the answer
    replace: bool = False  # with after: answer status and body instead of the normal answer
    drop: bool = False  # close the connection without answering
    truncate: bool = False  # announce the whole body, send half of it
    match: object = None  # a function of the request: only the requests it accepts


class LoopbackServer:
    keep_bodies = True  # False: ``server.requests`` forgets the bodies (long benchmarks)

    def __init__(self):
        self._routes = []
        self._failures = []
        self._ratio = 0.0
        self._random = random.Random(0)
        self._kinds = [{}]
        self._lock = threading.Lock()
        self.requests = []
        self.setup_routes()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    # -- life cycle -------------------------------------------------------------
    @property
    def url(self):
        host, port = self._httpd.server_address
        return f"http://{host}:{port}"

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # -- routes and failures ---------------------------------------------------------
    def setup_routes(self):
        """Register the emulated contract's routes with :meth:`route`."""

    def route(self, method, pattern, handler):
        """``pattern`` is a regular expression on the path; named groups become
        ``request.params`` (the query string is ``request.query``);
        ``handler(request)`` returns ``(status, json_body)``."""
        self._routes.append((method, re.compile(f"^{pattern}$"), handler))

    def fail_next(self, method, pattern, status=503, body=None, delay=0.0, times=1, after=False, **modes):
        failure = Failure(method, re.compile(f"^{pattern}$"), status, body, delay, after, **modes)
        with self._lock:
            self._failures += [failure] * times

    def fail_ratio(self, ratio, seed=0, kinds=None):
        """Fail a share ``ratio`` of the requests, drawn reproducibly: a 503, or one
        of ``kinds`` (``fail_next`` keyword arguments) drawn at random."""
        self._ratio = ratio
        self._random = random.Random(seed)
        self._kinds = kinds or [{}]

    # -- dispatch ---------------------------------------------------------------------
    def _dispatch(self, request):
        """``(status, body, how)``: ``how`` is None, ``"drop"`` or ``"truncate"``."""
        with self._lock:
            self.requests.append(request)
            for failure in self._failures:
                if (
                    failure.method == request.method
                    and failure.path.match(request.path)
                    and (failure.match is None or failure.match(request))
                ):
                    self._failures.remove(failure)
                    break
            else:
                failure = None
                if self._ratio and self._random.random() < self._ratio:
                    kind = self._random.choice(self._kinds)
                    failure = Failure(request.method, re.compile(".*"), **kind)
        injected = (
            (failure.status, failure.body if failure.body is not None else {"error": "injected failure"})
            if failure
            else None
        )
        if failure and not failure.after:
            time.sleep(failure.delay)
            return (*injected, failure.drop and "drop" or failure.truncate and "truncate" or None)
        status, body = self._route(request)
        if not failure:
            return status, body, None
        time.sleep(failure.delay)
        if failure.replace:
            status, body = injected
        return status, body, failure.drop and "drop" or failure.truncate and "truncate" or None

    def _route(self, request):
        for method, pattern, handler in self._routes:
            match = pattern.match(request.path)
            if method == request.method and match:
                request.params = match.groupdict()
                with self._lock:
                    return handler(request)
        return 404, {"error": f"no route for {request.method} {request.path}"}

    def _handler_class(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as real services answer
            disable_nagle_algorithm = True  # headers and body leave at once

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                url = urlsplit(self.path)
                request = Request(
                    self.command,
                    url.path,
                    dict(self.headers),
                    self.rfile.read(length),
                    query=dict(parse_qsl(url.query, keep_blank_values=True)),
                )
                status, body, how = server._dispatch(request)
                if not server.keep_bodies:
                    request.body = b""
                if how == "drop":
                    # the connection is closed with no answer at all
                    self.close_connection = True
                    return
                payload = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    if how == "truncate":
                        self.wfile.write(payload[: len(payload) // 2])
                        self.wfile.flush()
                        self.close_connection = True
                        return
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    # the client gave up (timeout test): nobody is left to answer
                    self.close_connection = True

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

            def log_message(self, *args):
                pass  # tests assert on server.requests instead

        return Handler


def serve_until_stopped(server):
    """Run ``server`` as a remote service would be, in a process of its own (the
    benchmarks): prints its address, then serves until the process is stopped."""
    server.start()
    sys.stdout.write(f"{server.url}\n")
    sys.stdout.flush()
    while True:
        time.sleep(3600)
