"""The integration tests' emulator and deployment are the session's (tests/emulated_deployment.py, made visible to
every suite by tests/conftest.py); the names below stay importable from here."""

from tests.emulated_deployment import PY, Deployment, Emulator, free_port, recap  # noqa: F401  # pylint: disable=unused-import
