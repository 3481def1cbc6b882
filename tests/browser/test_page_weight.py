"""Light pages: no page needs more than 100 KB of HTML, CSS and JavaScript together (lesson
pictures aside), and no request goes to another host."""

from __future__ import annotations

from urllib.parse import urlparse

from tests.browser.conftest import sign_in_staff, sign_in_with_keypad

BUDGET = 100 * 1024
COUNTED = {"document", "stylesheet", "script", "fetch", "xhr"}


def weigh(browser, storage_state, url: str) -> tuple[dict[str, int], list[str]]:
    """Load ``url`` as a first visit (a new browser context: empty cache, the same sign-in)."""
    context = browser.new_context(storage_state=storage_state)
    page = context.new_page()
    host = urlparse(url).netloc
    sizes: dict[str, int] = {}
    foreign: list[str] = []

    def count(response) -> None:
        request = response.request
        if urlparse(request.url).netloc not in (host, ""):
            foreign.append(request.url)
        if request.resource_type in COUNTED:
            try:
                size = len(response.body())
            except Exception:  # a redirect has no body
                size = 0
            sizes[request.resource_type] = sizes.get(request.resource_type, 0) + size

    page.on("response", count)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    context.close()
    return sizes, foreign


def signed_in_state(browser, sign_in) -> dict:
    context = browser.new_context()
    page = context.new_page()
    sign_in(page)
    state = context.storage_state()
    context.close()
    return state


def test_every_page_type_stays_under_100_kb(browser, centre_live, capsys):
    base = centre_live.url
    learner = signed_in_state(browser, lambda page: sign_in_with_keypad(page, base))
    staff = signed_in_state(browser, lambda page: sign_in_staff(page, base, "koordination"))
    pages = [
        ("sign-in", None, "/signin"),
        ("home and catalogue", learner, "/"),
        ("course", learner, "/courses/maus-und-tastatur"),
        ("lesson: mouse practice and quiz", learner, "/courses/maus-und-tastatur/klicken"),
        ("lesson: email simulation", learner, "/courses/email/lesen-und-antworten"),
        ("lesson: job portal", learner, "/courses/jobsuche-online/suchen"),
        ("lesson: online application", learner, "/courses/online-bewerben/online-formular"),
        ("mentor dashboard", staff, "/mentor/"),
        ("learner page", staff, f"/mentor/learners/{centre_live.ids.lea}"),
        ("check-in form", staff, f"/mentor/learners/{centre_live.ids.lea}/checkins/new"),
        ("funder report", staff, "/coordinator/report"),
    ]
    figures, foreign = {}, []
    for name, state, path in pages:
        figures[name], outside = weigh(browser, state, base + path)
        foreign += outside
    with capsys.disabled():
        print(f"\n{'page':<34}{'HTML':>8}{'CSS':>8}{'JS':>8}{'total KB':>10}")
        for name, sizes in figures.items():
            print(f"{name:<34}{sizes.get('document', 0) / 1024:>8.1f}{sizes.get('stylesheet', 0) / 1024:>8.1f}"
                  f"{(sizes.get('script', 0) + sizes.get('fetch', 0)) / 1024:>8.1f}{sum(sizes.values()) / 1024:>10.1f}")
    assert all(sizes.get("stylesheet") for sizes in figures.values()), "every page was measured with its style sheet"
    over = {name: sum(sizes.values()) for name, sizes in figures.items() if sum(sizes.values()) > BUDGET}
    assert not over, over
    assert not foreign, foreign
