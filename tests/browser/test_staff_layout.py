"""How staff pages look and print: the funder report on the screen and printed (its table keeps every word
whole, the printout is A4 across, where its eight columns fit; the chart's legend right to left),
the check-in form's faces beside their answers, and in Arabic the names of languages written left to
right beside their boxes, a certificate on one A4 page, and six sign-in cards on one."""

from __future__ import annotations

import re

from playwright.sync_api import Page

from tests.browser.conftest import sign_in_staff

# The words of each report cell that are wider than the cell (they would break in the middle).
BROKEN_WORDS = """() => {
  const context = document.createElement("canvas").getContext("2d");
  const broken = [];
  for (const cell of document.querySelectorAll("table.report th, table.report td")) {
    const style = getComputedStyle(cell);
    context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = cell.clientWidth - parseFloat(style.paddingInlineStart) - parseFloat(style.paddingInlineEnd);
    for (const word of cell.textContent.trim().split(/\\s+/)) {
      const width = context.measureText(word).width;
      if (width > room + 1) broken.push(`${word}: ${Math.round(width)} px in ${Math.round(room)} px`);
    }
  }
  return broken;
}"""
A4_ACROSS_PX = 1047  # 29.7 cm less 2 × 1 cm margin, at 96 px per inch


def printed(page: Page) -> tuple[float, float, int]:
    """Chromium's print of the page: the width and height of its first sheet (pt) and how many sheets."""
    pdf = page.pdf(prefer_css_page_size=True)
    width, height = (float(n) for n in re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf).groups())
    return width, height, len(re.findall(rb"/Type\s*/Page\b", pdf))


def test_report_table_keeps_words_whole_on_the_screen(page: Page, centre_live):
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in_staff(page, centre_live.url, "koordination")
    page.goto(centre_live.url + "/coordinator/report")
    assert page.locator("table.report tbody tr").count() > 1
    assert page.evaluate(BROKEN_WORDS) == []


def test_printed_report_is_a4_across_and_its_table_fits(page: Page, centre_live):
    sign_in_staff(page, centre_live.url, "koordination")
    page.goto(centre_live.url + "/coordinator/report/print")
    width, height, _pages = printed(page)
    assert width > height, "the report prints upright"

    page.emulate_media(media="print")
    page.set_viewport_size({"width": A4_ACROSS_PX, "height": 700})
    assert page.evaluate("() => document.querySelector('table.report').scrollWidth") <= A4_ACROSS_PX
    assert page.evaluate(BROKEN_WORDS) == []


def test_sign_in_cards_still_print_upright(page: Page, centre_live):
    sign_in_staff(page, centre_live.url, "koordination")
    page.goto(centre_live.url + "/mentor/cards")
    width, height, _pages = printed(page)
    assert width < height


def test_chart_legend_labels_stay_clear_of_their_swatches_in_arabic(page: Page, centre_live):
    sign_in_staff(page, centre_live.url, "koordination")
    page.request.post(f"{centre_live.url}/language", form={
        "language": "ar", "next": "/mentor/", "csrf_token": page.locator('meta[name="csrf-token"]').get_attribute("content")})
    page.goto(centre_live.url + "/coordinator/report")
    assert page.locator("html").get_attribute("dir") == "rtl"
    overlaps = page.evaluate("""() => {
      const svg = document.querySelector("svg.chart");
      const swatches = [...svg.querySelectorAll(":scope > rect")].filter(r => r.getAttribute("width") === "12");
      return swatches.map(rect => {
        const box = rect.getBoundingClientRect(), text = rect.nextElementSibling.getBoundingClientRect();
        return text.left < box.right && box.left < text.right ? text.left + ".." + text.right + " over " + box.left : null;
      }).filter(Boolean).concat(swatches.length === 3 ? [] : ["expected 3 legend swatches, found " + swatches.length]);
    }""")
    assert overlaps == []


def test_check_in_faces_stand_beside_their_answers(page: Page, centre_live):
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in_staff(page, centre_live.url, "maria")
    page.goto(f"{centre_live.url}/mentor/learners/{centre_live.ids.lea}/checkins/new")
    gaps = page.evaluate("""() => [...document.querySelectorAll('input[name="confidence"]')].map(radio => {
      const face = radio.parentElement.querySelector("svg").getBoundingClientRect();
      const words = document.createRange();
      words.selectNodeContents(radio.parentElement.querySelector("label"));
      const text = words.getBoundingClientRect();
      return Math.min(Math.abs(text.left - face.right), Math.abs(face.left - text.right));
    })""")
    assert len(gaps) == 5 and max(gaps) < 30, gaps


def test_language_names_stand_beside_their_boxes_in_arabic(page: Page, centre_live):
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in_staff(page, centre_live.url, "koordination")
    page.request.post(f"{centre_live.url}/language", form={
        "language": "ar", "next": "/mentor/", "csrf_token": page.locator('meta[name="csrf-token"]').get_attribute("content")})
    page.goto(f"{centre_live.url}/coordinator/settings")
    gaps = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('input[name="signin_languages"]')].map(box => {
      const words = document.createRange();
      words.selectNodeContents(box.parentElement.querySelector("label"));
      const text = words.getBoundingClientRect(), square = box.getBoundingClientRect();
      return [box.value, Math.round(Math.min(Math.abs(square.left - text.right), Math.abs(text.left - square.right)))];
    }))""")
    assert len(gaps) == 7 and max(gaps.values()) < 30, gaps


def test_a_certificate_with_a_second_language_line_and_six_aims_prints_on_one_page(page: Page, centre_live):
    from netzlernen.catalogue import get_catalogue
    from netzlernen.extensions import db
    from netzlernen.learn import services as learning
    from netzlernen.models import User

    app = centre_live.app
    with app.test_request_context():
        course = get_catalogue().courses["online-bewerben"]
        assert len(course.objectives_for("de")) >= 6
        omar = db.session.get(User, centre_live.ids.omar)  # reads Arabic: the certificate has a second line
        omar.certificate_name = "Omar Abdelrahman Al-Hussaini"
        for lesson in course.lessons:
            learning.complete_lesson(omar.id, course, lesson)
        db.session.commit()
        db.session.remove()
    sign_in_staff(page, centre_live.url, "maria")
    address = f"{centre_live.url}/mentor/learners/{centre_live.ids.omar}/certificates/online-bewerben"
    page.goto(address)
    page.get_by_role("button", name="Bescheinigung erstellen").click()
    page.wait_for_url(address)
    assert page.locator(".certificate-second").count() == 1
    assert printed(page)[2] == 1


def test_the_sheet_of_sign_in_cards_prints_six_a_page_and_every_card_holds_its_text(page: Page, centre_live):
    from netzlernen.auth import services as accounts
    from netzlernen.extensions import db
    from netzlernen.models import User

    with centre_live.app.app_context():
        location_id = db.session.get(User, centre_live.ids.lea).location_id
        longest, _pin = accounts.create_learner("Maria-Magdalena Schulze-Oberhausen", "de", location_id=location_id)
        accounts.use_picture_signin(longest)  # pictures take more room than a code
        for name, language in (("Dmitri Alexandrowitsch", "ru"), ("Zahra", "fa"), ("Jo", "en")):
            accounts.create_learner(name, language, location_id=location_id)
        db.session.commit()
        db.session.remove()
    sign_in_staff(page, centre_live.url, "maria")
    page.goto(f"{centre_live.url}/mentor/cards")
    assert page.locator(".signin-card").count() == 6
    assert printed(page)[2] == 1

    page.emulate_media(media="print")
    page.set_viewport_size({"width": 718, "height": 1047})  # A4 upright between 1 cm margins
    too_full = page.evaluate("""() => [...document.querySelectorAll(".signin-card")]
      .filter(card => card.scrollHeight > card.clientHeight + 1).map(card => card.getAttribute("aria-label"))""")
    assert too_full == []
