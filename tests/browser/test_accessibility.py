"""axe-core on every console page: no violation of WCAG 2.2 A and AA, for an administrator and a
viewer, on a 1440 px desktop and a 390 px phone, with the longest values allowed.

axe-core comes from axe-playwright-python (its bundled axe.min.js); it is evaluated in the page
through the DevTools protocol, which the Content-Security-Policy does not govern, so the `page`
fixture keeps checking that nothing of the console's own is refused.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import login
from .console_pages import SIGNED_OUT_PAGES, console_pages, make_long_data
from .test_layout import VIEWPORTS

pytestmark = pytest.mark.django_db(transaction=True)

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
RUN = "options => axe.run(document, options)"
OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]}


def audit(page, paths, problems: list[str]) -> None:
    script = Axe().axe_script
    for path in paths:
        page.goto(path)
        page.evaluate(script)
        for violation in page.evaluate(RUN, OPTIONS)["violations"]:
            targets = [" ".join(node["target"]) for node in violation["nodes"][:3]]
            problems.append(
                f"{path}: {violation['id']} ({violation['impact']}) {violation['help']}: {targets}"
            )


# Four tests (not one per page), so that parallel workers share them and each signs in once.
@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("role", ["admin", "viewer"])
def test_every_page_meets_wcag_22_aa(page, admin_user, org, role, viewport):
    data = make_long_data(org, admin_user)
    page.set_viewport_size(VIEWPORTS[viewport])
    problems: list[str] = []
    audit(page, SIGNED_OUT_PAGES, problems)
    login(page, admin_user.username if role == "admin" else data.viewer.username)
    audit(page, console_pages(data.objects), problems)
    assert not problems, f"{len(problems)} accessibility violations:\n" + "\n".join(problems)
