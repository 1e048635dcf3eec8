"""No console page scrolls sideways, at 1440 px or on a 390 px phone, with the longest values allowed.

Every page of the URLconf (console_pages.py) is visited with 80-character names and 255-character
descriptions, for an administrator and a viewer; one browser page per role, every page visited in
a loop, and every failure reported at once.
"""

import pytest
from playwright.sync_api import expect

from .conftest import login
from .console_pages import SIGNED_OUT_PAGES, console_pages, long_name, make_long_data

pytestmark = pytest.mark.django_db(transaction=True)

VIEWPORTS = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}

# What sticks out past the right edge (the innermost elements, so the message names the culprit),
# and any text cut off with an ellipsis whose full text is nowhere to be read (no title).
MEASURE = """() => {
  const width = window.innerWidth;
  const describe = el => {
    let text = el.tagName.toLowerCase();
    if (el.id) text += "#" + el.id;
    if (el.classList.length) text += "." + [...el.classList].join(".");
    return text + " (" + Math.round(right(el)) + " px)";
  };
  // An element's own box, or the text that overflows it.
  const right = el => {
    const box = el.getBoundingClientRect();
    return Math.max(box.right, box.left + el.scrollWidth);
  };
  const wide = [...document.body.querySelectorAll("*")].filter(el => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && right(el) > width + 1 && !el.closest("dialog:not([open])");
  });
  const innermost = wide.filter(el => !wide.some(other => other !== el && el.contains(other)));
  const cut = [...document.body.querySelectorAll("*")].filter(el => {
    const style = getComputedStyle(el);
    return style.textOverflow === "ellipsis" && el.scrollWidth > el.clientWidth + 1
      && style.display !== "none" && !el.closest("[title]");
  });
  // A card's cell label (td[data-label]::before, placed in the cell's left padding) overlapping its value.
  const overlapping = [...document.querySelectorAll("td[data-label]")].filter(td => {
    const label = getComputedStyle(td, "::before");
    return label.position === "absolute" && td.offsetWidth > 0
      && parseFloat(getComputedStyle(td).paddingLeft) < parseFloat(label.width);
  });
  return {
    overlapping: overlapping.slice(0, 4).map(describe),
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: width,
    wide: innermost.slice(0, 4).map(describe),
    cut: cut.slice(0, 4).map(el => describe(el) + " " + el.textContent.trim().slice(0, 40)),
  };
}"""


def check_page(page, path: str, problems: list[str]) -> None:
    response = page.goto(path)
    assert response is not None
    for label, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        found = page.evaluate(MEASURE)
        if found["scrollWidth"] > found["innerWidth"]:
            problems.append(
                f"{path} at {label}: {found['scrollWidth']} px wide in {found['innerWidth']}: {found['wide']}"
            )
        if found["overlapping"]:
            problems.append(f"{path} at {label}: a cell's label covers its value: {found['overlapping']}")
        if found["cut"]:
            problems.append(f"{path} at {label}: text cut off without a title: {found['cut']}")


def visit_all(page, paths: list[str]) -> list[str]:
    problems: list[str] = []
    for path in paths:
        check_page(page, path, problems)
    return problems


@pytest.mark.parametrize("role", ["admin", "viewer"])
def test_no_page_scrolls_sideways_with_long_values(page, admin_user, org, role):
    data = make_long_data(org, admin_user)
    paths = console_pages(data.objects)
    problems = visit_all(page, SIGNED_OUT_PAGES)
    login(page, admin_user.username if role == "admin" else data.viewer.username)
    problems += visit_all(page, paths)
    assert not problems, "\n".join(problems)


def test_the_phone_navigation_shows_every_item_and_the_current_one(page, admin_user, org):
    data = make_long_data(org, admin_user)
    page.set_viewport_size(VIEWPORTS["phone"])
    login(page, admin_user.username)
    page.goto(data.objects["supportnumber"].get_absolute_url())
    nav = page.get_by_role("navigation", name="Main navigation")
    links = nav.get_by_role("link")
    # Channels, Queues, Flows, Business hours, Holiday lists, Override lists, Test routing, Support
    # numbers, Audio files, Activity.
    assert links.count() == 10
    width = page.evaluate("window.innerWidth")
    for index in range(links.count()):
        box = links.nth(index).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, links.nth(
            index
        ).text_content()
    expect(nav.locator("a[aria-current=true]")).to_have_text("Support numbers")
    # The header scrolls away with the page on a phone: it stays at the top of the document
    # (a sticky one showed up mid-page in a full-page screenshot, and covered 56 px of a small screen).
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    assert page.evaluate("window.scrollY") > 0
    assert (
        page.evaluate("document.querySelector('.topbar').getBoundingClientRect().top + window.scrollY") == 0
    )


def test_a_long_name_wraps_in_the_heading_and_the_list_becomes_cards_on_a_phone(page, admin_user, org):
    data = make_long_data(org, admin_user)
    login(page, admin_user.username)
    page.set_viewport_size(VIEWPORTS["phone"])
    page.goto("/channels/")
    row = page.locator("table.channel-list tbody tr", has_text=long_name("Channel"))
    # Each row is a card whose cells say what they hold.
    expect(row.locator("td[data-label='Channel type']")).to_be_visible()
    label = row.locator("td[data-label='Channel type']").evaluate(
        "td => getComputedStyle(td, '::before').content"
    )
    assert label == '"Channel type"'
    page.goto(data.objects["entrypoint"].get_absolute_url())
    heading = page.locator("h1")
    expect(heading).to_have_text(long_name("Channel"))
    assert heading.bounding_box()["width"] <= 390
