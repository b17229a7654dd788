"""Embedded AWS emulator: moto's server plus fidelity fixes, run as ``python -m emulator``."""

DEFAULT_PORT = 4566
HOST = "127.0.0.1"
ACCOUNT_ID = "123456789012"
