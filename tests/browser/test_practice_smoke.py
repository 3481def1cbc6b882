"""The practice loader in a real browser: an exercise that is skipped is recorded."""

from playwright.sync_api import expect

from tests.browser.conftest import practice_results


def test_mouse_exercise_can_be_skipped_with_one_button(learner_page, practice_server):
    page = learner_page
    page.goto(f"{practice_server.url}/courses/uebungen/klicken")
    page.get_by_role("button", name="Überspringen: Ich benutze keine Maus").click()
    expect(page.locator("section.practice")).to_have_attribute("data-recorded", "true")
    expect(page.get_by_role("status").last).to_contain_text("übersprungen")
    assert practice_results(practice_server) == [("mouse-click", 0, 0, True)]
