from tests.api.conftest import (  # noqa: F401  (the API's token clients, for the audit's API tests)
    _fresh_throttle,
    _test_settings,
    admin_secret,
    api,
    outsider_api,
    read_only_api,
    viewer_api,
)
