"""schemathesis against the live OpenAPI schema, in-process (WSGI), with every check on.

Each operation is fuzzed in the examples, coverage and fuzzing phases (positive and negative
data), then a state machine follows the schema's links (create → read/change/delete/references,
and create → use the id in another resource's body). The checks and the reasons for the two
widened expectations are listed in the README's REST API section.
"""

import os
import uuid

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from schemathesis.config import SchemathesisConfig
from schemathesis.transport.wsgi import WSGI_TRANSPORT

from contactcenter.wsgi import application

# Bounded so the whole module stays well under two minutes per database; raise them for a deeper
# local run, e.g. SCHEMATHESIS_MAX_EXAMPLES=100 SCHEMATHESIS_STATEFUL_EXAMPLES=200.
MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "8"))
STATEFUL_EXAMPLES = int(os.environ.get("SCHEMATHESIS_STATEFUL_EXAMPLES", "20"))


def schemathesis_config() -> SchemathesisConfig:
    return SchemathesisConfig.from_dict(
        {
            "generation": {
                "max-examples": MAX_EXAMPLES,
                "deterministic": True,
                "database": "none",
                # We send the bearer token ourselves; generated session cookies would only make noise.
                "with-security-parameters": False,
            },
            "checks": {
                # Domain rules that JSON Schema cannot express (names unique per organization,
                # field combinations per channel type, ids that must exist in the organization)
                # reject some schema-valid input with 400/409: still never a 5xx or undocumented code.
                "positive_data_acceptance": {
                    "expected-statuses": ["2xx", "400", "401", "403", "404", "409", "412"]
                },
                # Preconditions (If-Match, 412) are evaluated before the body, as RFC 9110 requires.
                "negative_data_rejection": {
                    "expected-statuses": [
                        "400",
                        "401",
                        "403",
                        "404",
                        "406",
                        "409",
                        "412",
                        "415",
                        "422",
                        "428",
                    ]
                },
            },
        }
    )


def filter_query(ctx, query):
    """Skip generated queries holding null or [] values: they cannot be written in a query string.

    Such a parameter is simply not sent, so the request would not carry the invalid value the
    negative-data check expects the API to reject.
    """
    query = getattr(query, "value", query)  # the coverage phase wraps it in a GeneratedValue
    return not isinstance(query, dict) or all(value is not None and value != [] for value in query.values())


@WSGI_TRANSPORT.serializer("multipart/form-data")
def _multipart(ctx, value):
    """The WSGI transport cannot encode a form that is not an object (a negative case); send it raw.

    The requests transport does the same: the API must answer such a body with a 4xx.
    """
    if isinstance(value, dict):
        return {"data": value}
    boundary = uuid.uuid4().hex
    return {
        "data": f"--{boundary}\r\n{value}--{boundary}--\r\n".encode(),
        "content_type": f"multipart/form-data; boundary={boundary}",
    }


@pytest.fixture
def auth_headers(admin_secret) -> dict:
    # Passed with each call (not generated), so the ignored_auth check knows it is the real credential.
    return {"Authorization": f"Bearer {admin_secret}"}


@pytest.fixture
def keep_test_connection():
    """Calling the WSGI application directly fires request_started/finished, whose handler closes
    the database connection, and with it the test's transaction on PostgreSQL. Django's own test
    client disconnects that handler for the same reason; so do we, for the length of the test."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_settings(db, settings, keep_test_connection):
    settings.API_RATE_LIMIT = "1000000/minute"
    # ignored_auth sends wrong tokens on purpose, thousands of times from one address: a guesser's
    # pause (tests/contactcenter/test_login_throttling.py) would then refuse the real token too.
    settings.API_TOKEN_FAILURE_LIMIT = 1_000_000


def load_schema():
    loaded = schemathesis.openapi.from_wsgi(
        "/api/schema/?format=json", application, config=schemathesis_config()
    )
    loaded.hook(filter_query)
    return loaded


# Loaded when the module is collected (the schema needs no database), so that every operation is
# a test of its own and pytest-xdist spreads them over the workers.
schema = load_schema()


@pytest.fixture
def api_schema(api_settings):
    return load_schema()


@schema.parametrize()
# The fixtures (the database, the token) are made once per operation and shared by its examples,
# as schemathesis' lazy fixture did; that is what this health check warns about.
@hypothesis_settings(
    schema.config.get_hypothesis_settings(), suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_every_operation_conforms(case, auth_headers, api_settings):
    case.call_and_validate(headers=auth_headers)


def test_stateful_links(api_schema, auth_headers):
    class Machine(api_schema.as_state_machine()):
        # Each scenario starts from the same database: what one scenario created would otherwise
        # change the answers (a name already taken) and so what the next one can generate.
        def __init__(self):
            super().__init__()
            self.savepoint = transaction.savepoint()

        def teardown(self):
            transaction.savepoint_rollback(self.savepoint)
            super().teardown()

        def get_call_kwargs(self, case):
            return {"headers": auth_headers}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(
                response,
                additional_checks=additional_checks,
                headers=kwargs.get("headers"),
                transport_kwargs=kwargs,
            )

    Machine.run(
        settings=hypothesis_settings(
            api_schema.config.get_hypothesis_settings(),
            max_examples=STATEFUL_EXAMPLES,
            stateful_step_count=8,
            suppress_health_check=list(HealthCheck),
            # Report the first failing sequence as found instead of shrinking it (each shrink step
            # would replay a whole scenario against the application).
            phases=[Phase.generate],
        )
    )
