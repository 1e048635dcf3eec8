"""The console's own 404 page in a real browser under DEBUG, as `make run` serves it."""

import uuid

import pytest

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_unknown_channel_under_debug_is_the_consoles_404(page, admin_user, settings):
    settings.DEBUG = True
    settings.DEBUG_ERROR_PAGES = False
    login(page, "admin")
    response = page.goto(f"/channels/{uuid.uuid4()}/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Not found"
    assert page.get_by_text("Django tried these URL patterns").count() == 0
    page.get_by_role("link", name="Back to the console").click()
    page.wait_for_url("**/channels/")
