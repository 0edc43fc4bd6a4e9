"""Loopback emulators of the third-party APIs the addons talk to.

Each emulator is a real HTTP server on 127.0.0.1 speaking a documented contract,
with failures that tests inject (timeouts, 5xx, refusals, duplicate answers).
The test command puts this folder's parent on PYTHONPATH.
"""
