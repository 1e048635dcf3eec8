"""Loaded first (`-p tests.environment` in pyproject.toml), before pytest-django reads the settings:
the tests run with the development defaults (a local secret key, plain static storage), whether
they are started by `make test` (which sets DJANGO_DEBUG=1) or by pytest itself."""

import os

os.environ.setdefault("DJANGO_DEBUG", "1")
