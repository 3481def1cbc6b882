"""The six mouse exercises in a real browser, driven with real mouse (and some keyboard) input.

For each type: one run that succeeds and is stored with the learner's progress, and one run with
the typical beginner's mistake and the hint it gets. The practice course is
tests/data/practice-courses/uebungen (klicken: 3 rounds, the others 2).
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, practice_results, sign_in_with_keypad


def start(page, server, slug):
    page.goto(f"{server.url}/courses/uebungen/{slug}")
    section = page.locator("section.practice")
    section.get_by_role("button", name="Übung starten").click()
    return section


def wait_for_round(section, n, total):
    expect(section.locator(".mouse-round")).to_have_text(f"Runde {n} von {total}")


def quoted(section):
    """The names in „…“ in the current task."""
    return re.findall(r"„([^“]+)“", section.locator(".mouse-task").inner_text())


def status(section):
    return section.locator("[data-status]")


def center(locator):
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def drag(page, source, target, steps=12):
    page.mouse.move(*center(source))
    page.mouse.down()
    page.mouse.move(*center(target), steps=steps)
    page.mouse.up()


def expect_recorded(section, server, expected):
    expect(section).to_have_attribute("data-recorded", "true")
    expect(status(section)).to_contain_text("gespeichert")
    assert practice_results(server) == [expected]


# mouse-click ---------------------------------------------------------------------------------

def test_click_targets_shrink_and_the_result_is_stored(learner_page, practice_server):
    page = learner_page
    section = start(page, practice_server, "klicken")
    sizes = []
    for n in (1, 2, 3):
        wait_for_round(section, n, 3)
        target = section.locator(".mouse-target:not(.is-done)")
        sizes.append(target.bounding_box()["width"])
        page.mouse.click(*center(target))
        if n < 3:
            expect(status(section)).to_contain_text(["Gut gemacht!", "Sehr gut!", "Prima"][n - 1])
    expect_recorded(section, practice_server, ("mouse-click", 3, 0, False))
    assert sizes[0] > sizes[1] > sizes[2] >= 44


def test_click_beside_the_target_explains_to_move_the_pointer_first(learner_page, practice_server):
    page = learner_page
    section = start(page, practice_server, "klicken")
    area = section.locator(".mouse-area").bounding_box()
    target = section.locator(".mouse-target").bounding_box()
    # The first target stands on the far side; click near the other side of the area.
    x = area["x"] + 20 if target["x"] > area["x"] + area["width"] / 2 else area["x"] + area["width"] - 20
    page.mouse.click(x, area["y"] + 20)
    expect(status(section)).to_contain_text("Bewegen Sie den Zeiger zuerst auf den runden Knopf.")
    expect(section.locator(".mouse-miss")).to_be_visible()
    for n in (1, 2, 3):
        wait_for_round(section, n, 3)
        page.mouse.click(*center(section.locator(".mouse-target:not(.is-done)")))
    expect_recorded(section, practice_server, ("mouse-click", 4, 1, False))


def test_click_works_with_the_keyboard(learner_page, practice_server):
    page = learner_page
    page.goto(f"{practice_server.url}/courses/uebungen/klicken")
    section = page.locator("section.practice")
    section.get_by_role("button", name="Übung starten").focus()
    page.keyboard.press("Enter")
    for n in (1, 2, 3):
        wait_for_round(section, n, 3)
        expect(section.get_by_role("button", name="Hier klicken")).to_be_focused()
        page.keyboard.press("Enter" if n % 2 else " ")
    expect_recorded(section, practice_server, ("mouse-click", 3, 0, False))


# mouse-doubleclick ---------------------------------------------------------------------------

def test_double_click_opens_the_folder_and_the_result_is_stored(learner_page, practice_server):
    page = learner_page
    section = start(page, practice_server, "doppelklick")
    for n in (1, 2):
        wait_for_round(section, n, 2)
        (name,) = quoted(section)
        folder = section.locator(".mouse-folder", has_text=name)
        page.mouse.dblclick(*center(folder))
        expect(folder).to_have_attribute("aria-expanded", "true")
        expect(section.locator(".mouse-note")).to_have_text(f"Der Ordner „{name}“ ist offen.")
    # After a round without mistakes there is a second folder to tell apart.
    expect(section.locator(".mouse-folder")).to_have_count(2)
    expect_recorded(section, practice_server, ("mouse-doubleclick", 2, 0, False))


def test_double_click_too_slow_and_single_click_get_hints(learner_page, practice_server):
    page = learner_page
    section = start(page, practice_server, "doppelklick")
    (name,) = quoted(section)
    folder = section.locator(".mouse-folder", has_text=name)
    folder.click()
    page.wait_for_timeout(700)
    folder.click()
    expect(status(section)).to_have_text("Zu langsam: Klicken Sie zweimal schnell hintereinander.")
    expect(folder).to_have_attribute("aria-expanded", "false")
    area = section.locator(".mouse-area").bounding_box()
    page.mouse.click(area["x"] + area["width"] - 10, area["y"] + area["height"] - 10)  # away from the folder
    folder.click()
    expect(status(section)).to_contain_text("Ein Klick wählt den Ordner nur aus.")
    page.mouse.dblclick(*center(folder))
    wait_for_round(section, 2, 2)
    (name,) = quoted(section)
    page.mouse.dblclick(*center(section.locator(".mouse-folder", has_text=name)))
    expect_recorded(section, practice_server, ("mouse-doubleclick", 4, 2, False))


# mouse-rightclick ----------------------------------------------------------------------------

def test_right_click_menu_and_the_result_is_stored(learner_page, practice_server):
    page = learner_page
    section = start(page, practice_server, "rechtsklick")
    for n in (1, 2):
        wait_for_round(section, n, 2)
        item, entry = quoted(section)
        section.locator(".mouse-file", has_text=item).click(button="right")
        menu = section.get_by_role("menu")
        expect(menu).to_be_visible()
        expect(menu.get_by_role("menuitem")).to_have_text(["Öffnen", "Umbenennen", "Kopieren", "Löschen"])
        menu.get_by_role("menuitem", name=entry).click()
        expect(menu).to_have_count(0)
    expect_recorded(section, practice_server, ("mouse-rightclick", 2, 0, False))


def test_right_click_left_button_and_wrong_entry_get_hints(learner_page, practice_server):
    page = learner_page
    section = start(page, practice_server, "rechtsklick")
    item, entry = quoted(section)
    file = section.locator(".mouse-file", has_text=item)
    file.click()
    expect(status(section)).to_have_text("Das war die linke Maustaste. Bitte drücken Sie die rechte Maustaste.")
    expect(section.get_by_role("menu")).to_have_count(0)
    file.click(button="right")
    wrong = next(name for name in ["Umbenennen", "Kopieren", "Löschen"] if name != entry)
    section.get_by_role("menuitem", name=wrong).click()
    expect(status(section)).to_contain_text(f"Sie haben „{wrong}“ gewählt. Bitte wählen Sie „{entry}“.")
    # With the keyboard: the menu key opens the menu, arrows move, Enter chooses.
    file.focus()
    page.keyboard.press("Shift+F10")
    entries = section.get_by_role("menuitem")
    expect(entries.first).to_be_focused()
    names = entries.all_inner_texts()
    for _ in range(names.index(entry)):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    wait_for_round(section, 2, 2)
    item, entry = quoted(section)
    section.locator(".mouse-file", has_text=item).click(button="right")
    section.get_by_role("menuitem", name=entry).click()
    expect_recorded(section, practice_server, ("mouse-rightclick", 4, 2, False))


# mouse-drag ----------------------------------------------------------------------------------

def test_drag_file_into_folder_and_the_result_is_stored(learner_page, practice_server):
    page = learner_page
    section = start(page, practice_server, "ziehen")
    for n in (1, 2):
        wait_for_round(section, n, 2)
        _file, folder = quoted(section)
        drag(page, section.locator(".mouse-draggable"), section.locator(".mouse-drop", has_text=folder))
        expect(section.locator(".mouse-drop.is-done")).to_contain_text(f"Die Datei ist jetzt im Ordner „{folder}“.")
    expect(section.locator(".mouse-drop")).to_have_count(2)
    expect_recorded(section, practice_server, ("mouse-drag", 2, 0, False))


def test_drag_released_too_early_or_into_the_wrong_folder_gets_hints(learner_page, practice_server):
    page = learner_page
    section = start(page, practice_server, "ziehen")
    _file, folder = quoted(section)
    drag(page, section.locator(".mouse-draggable"), section.locator(".mouse-drop", has_text=folder))
    wait_for_round(section, 2, 2)
    _file, folder = quoted(section)
    file = section.locator(".mouse-draggable")
    # Let go halfway, before reaching any folder.
    start_x, start_y = center(file)
    goal_x, _goal_y = center(section.locator(".mouse-drop", has_text=folder))
    page.mouse.move(start_x, start_y)
    page.mouse.down()
    page.mouse.move((start_x + goal_x) / 2, start_y, steps=8)
    page.mouse.up()
    expect(status(section)).to_have_text("Sie haben zu früh losgelassen. Halten Sie die Taste gedrückt, bis die Datei auf dem Ordner ist.")
    # The file went back to its place.
    assert abs(center(file)[0] - start_x) < 2
    other = section.locator(".mouse-drop").filter(has_not_text=folder)
    drag(page, file, other)
    expect(status(section)).to_contain_text(f"Bitte ziehen Sie die Datei in den Ordner „{folder}“.")
    drag(page, file, section.locator(".mouse-drop", has_text=folder))
    expect_recorded(section, practice_server, ("mouse-drag", 4, 2, False))


# mouse-scroll --------------------------------------------------------------------------------

def visible_in(box, item) -> bool:
    return item.evaluate(
        "(item, box) => { const a = item.getBoundingClientRect(), b = box.getBoundingClientRect();"
        " return a.top >= b.top && a.bottom <= b.bottom; }", box.element_handle())


def room_button(section, name):
    return section.locator(".mouse-item").get_by_text(name, exact=True)


def test_scroll_with_the_wheel_and_the_result_is_stored(learner_page, practice_server):
    page = learner_page
    section = start(page, practice_server, "scrollen")
    for n in (1, 2):
        wait_for_round(section, n, 2)
        (name,) = quoted(section)
        box = section.locator(".mouse-scrollbox")
        item = room_button(section, name)
        assert not visible_in(box, item)
        page.mouse.move(*center(box))
        for _ in range(60):
            if visible_in(box, item):
                break
            page.mouse.wheel(0, 120)
            page.wait_for_timeout(60)
        assert visible_in(box, item)
        page.mouse.click(*center(item))
    expect_recorded(section, practice_server, ("mouse-scroll", 2, 0, False))


def test_scroll_wrong_item_gets_a_hint(learner_page, practice_server):
    page = learner_page
    section = start(page, practice_server, "scrollen")
    (name,) = quoted(section)
    section.locator(".mouse-item").get_by_text("Zimmer 2", exact=True).click()
    expect(status(section)).to_have_text(
        f"Das ist „Zimmer 2“. „{name}“ kommt weiter unten. Drehen Sie das Rad. Oder ziehen Sie den Balken nach unten.")
    # Both ways are explained before and during the exercise.
    expect(section.locator(".mouse-intro")).to_contain_text("Drehen Sie das Rad an der Maus.")
    expect(section.locator(".mouse-intro")).to_contain_text("Fassen Sie den Balken am Rand des Kastens")


def test_scroll_by_dragging_the_scroll_bar(browser_type, practice_server):
    """Playwright hides scroll bars in headless Chromium; this browser keeps them to drag one."""
    browser = browser_type.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
                                  ignore_default_args=["--hide-scrollbars"])
    try:
        page = browser.new_page()
        sign_in_with_keypad(page, practice_server.url)
        section = start(page, practice_server, "scrollen")
        for n in (1, 2):
            wait_for_round(section, n, 2)
            (name,) = quoted(section)
            box = section.locator(".mouse-scrollbox")
            item = room_button(section, name)
            size = box.evaluate("b => ({bar: b.offsetWidth - b.clientWidth - 4, right: b.getBoundingClientRect().right,"
                                " top: b.getBoundingClientRect().top, inner: b.clientHeight})")
            assert size["bar"] >= 20  # a big scroll bar is drawn
            # Take hold of the thumb (at the top of the bar, on the right) and pull it down, like a
            # learner, until the room is in sight; then let go.
            bar_x = size["right"] - 2 - size["bar"] / 2
            grab_y = size["top"] + 2 + 20
            page.mouse.move(bar_x, grab_y)
            page.mouse.down()
            for step in range(1, int(size["inner"] / 6)):
                page.mouse.move(bar_x, grab_y + step * 6)
                if visible_in(box, item):
                    break
            page.mouse.up()
            assert visible_in(box, item)
            page.mouse.click(*center(item))
        expect_recorded(section, practice_server, ("mouse-scroll", 2, 0, False))
    finally:
        browser.close()


# mouse-hover ---------------------------------------------------------------------------------

def test_hover_opens_the_menu_and_the_result_is_stored(learner_page, practice_server):
    page = learner_page
    section = start(page, practice_server, "zeigen")
    for n in (1, 2):
        wait_for_round(section, n, 2)
        menu, entry = quoted(section)
        expect(section.get_by_role("menu")).to_have_count(0)
        section.locator(".mouse-menu-title", has_text=menu).hover()
        submenu = section.get_by_role("menu", name=menu)
        expect(submenu).to_be_visible()
        submenu.get_by_role("menuitem", name=entry).click()
    expect_recorded(section, practice_server, ("mouse-hover", 2, 0, False))


def test_hover_clicking_the_title_or_a_wrong_entry_gets_hints(learner_page, practice_server):
    page = learner_page
    section = start(page, practice_server, "zeigen")
    menu, entry = quoted(section)
    title = section.locator(".mouse-menu-title", has_text=menu)
    title.click()
    expect(status(section)).to_have_text(
        f"Hier müssen Sie nicht klicken. Zeigen Sie nur auf das Menü. Es öffnet sich von selbst. Klicken Sie dann auf „{entry}“.")
    submenu = section.get_by_role("menu", name=menu)
    wrong = next(name for name in submenu.get_by_role("menuitem").all_inner_texts() if name != entry)
    submenu.get_by_role("menuitem", name=wrong).click()
    expect(status(section)).to_have_text(
        f"Sie haben auf „{wrong}“ geklickt. Bitte zeigen Sie auf „{menu}“. Klicken Sie dann auf „{entry}“.")
    # Moving away closes the menu after a moment, with a hint.
    page.mouse.move(5, 5)
    title.hover()
    expect(submenu).to_be_visible()
    page.mouse.move(5, 5)
    expect(submenu).to_be_hidden()
    expect(status(section)).to_contain_text("Das Menü ist zu, weil der Zeiger es verlassen hat.")
    # With the keyboard: Arrow down opens the menu and moves into it.
    title.focus()
    page.keyboard.press("ArrowDown")
    entries = submenu.get_by_role("menuitem")
    for _ in range(entries.all_inner_texts().index(entry)):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    wait_for_round(section, 2, 2)
    menu, entry = quoted(section)
    section.locator(".mouse-menu-title", has_text=menu).hover()
    section.get_by_role("menu", name=menu).get_by_role("menuitem", name=entry).click()
    expect_recorded(section, practice_server, ("mouse-hover", 4, 2, False))
