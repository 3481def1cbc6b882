"""The job-search exercise in a real browser: a made-up job portal with search, filter, offer page
and "Merkliste", driven with real input events (typing, selecting, clicking, Enter)."""

from playwright.sync_api import expect

from tests.browser.conftest import practice_results


def open_portal(page, server):
    page.goto(f"{server.url}/courses/uebungen/jobsuche")
    section = page.locator("section.practice")
    expect(section.get_by_text("Jobbörse (Übung)")).to_be_visible()
    expect(section.get_by_text("Nur zum Üben")).to_be_visible()  # the simulation note
    return section


def search(section, what, where, radius):
    section.get_by_label("Was", exact=True).fill(what)
    section.get_by_label("Wo", exact=True).fill(where)
    section.get_by_label("Umkreis").select_option(f"{radius}")
    section.get_by_role("button", name="Suchen", exact=True).click()


def test_search_filter_open_answer_and_save_is_recorded(learner_page, practice_server):
    page = learner_page
    section = open_portal(page, practice_server)
    status = section.get_by_role("status")

    section.get_by_label("Was", exact=True).click()
    page.keyboard.type("Verkauf")
    section.get_by_label("Wo", exact=True).fill("Göttingen")
    section.get_by_label("Umkreis").select_option("10")
    section.get_by_label("Wo", exact=True).press("Enter")
    expect(section.get_by_role("heading", name="1 Stellenangebot")).to_be_visible()
    expect(status).to_contain_text("Gefunden: 1 Stellenangebot.")
    expect(status).to_contain_text("Nächste Aufgabe: Nutzen Sie einen Filter")

    section.get_by_label("Teilzeit").check()
    expect(status).to_contain_text("Der Filter ist an.")

    section.get_by_role("button", name="Verkäuferin / Verkäufer (m/w/d)").click()
    offer = section.get_by_role("article")
    expect(offer.get_by_role("heading", name="Verkäuferin / Verkäufer (m/w/d)")).to_be_focused()
    for part in ("Aufgaben", "Anforderungen", "Wir bieten", "Arbeitszeit", "Gehalt", "Kontakt"):
        expect(offer.get_by_role("heading", name=part, exact=True)).to_be_visible()
    expect(offer).to_contain_text("m/w/d heißt: männlich, weiblich, divers.")
    expect(offer).to_contain_text("25 Stunden pro Woche")

    expect(offer.get_by_role("group", name="Wie viele Stunden pro Woche?")).to_be_visible()
    offer.get_by_role("button", name="25 Stunden").click()
    expect(status).to_contain_text("Richtig! Arbeitszeit: 25 Stunden.")

    offer.get_by_role("button", name="Auf die Merkliste").click()
    watch = section.get_by_role("complementary", name="Merkliste (1)")
    expect(watch).to_contain_text("Verkäuferin / Verkäufer (m/w/d)")
    expect(section).to_have_attribute("data-recorded", "true")
    expect(status).to_contain_text("Ihr Ergebnis ist gespeichert.")
    expect(section.locator(".jobs-task-done")).to_have_count(5)
    assert practice_results(practice_server) == [("job-search", 1, 0, False)]


def test_search_without_results_and_a_wrong_answer_get_kind_hints(learner_page, practice_server):
    page = learner_page
    section = open_portal(page, practice_server)
    status = section.get_by_role("status")

    search(section, "Reinigung", "Göttingen", 10)  # the only cleaning job is 38 km away
    expect(section.get_by_role("heading", name="0 Stellenangebote")).to_be_visible()
    expect(status).to_contain_text("Wählen Sie einen größeren Umkreis, zum Beispiel 50 km.")

    search(section, "Lagerhelfer Gabelstapler", "Göttingen", 25)
    expect(status).to_contain_text("Nehmen Sie weniger Wörter, zum Beispiel nur „Lagerhelfer“.")

    search(section, "Lager", "Göttingen", 25)
    expect(section.get_by_role("heading", name="1 Stellenangebot")).to_be_visible()
    section.get_by_label("Vollzeit").check()
    section.get_by_role("button", name="Lagerhelfer (m/w/d)").click()
    offer = section.get_by_role("article")
    offer.get_by_role("button", name="25 Stunden").click()
    expect(status).to_contain_text("Noch nicht richtig. Schauen Sie beim Teil „Arbeitszeit“.")
    offer.get_by_role("button", name="39 Stunden").click()
    offer.get_by_role("button", name="Auf die Merkliste").click()
    expect(section).to_have_attribute("data-recorded", "true")
    assert practice_results(practice_server) == [("job-search", 3, 3, False)]


def test_saving_the_dubious_offer_shows_the_warning_signs(learner_page, practice_server):
    page = learner_page
    section = open_portal(page, practice_server)
    status = section.get_by_role("status")

    search(section, "Heimarbeit", "Göttingen", 5)
    section.get_by_role("button", name="Heimarbeit – 3000 € im Monat!").click()
    section.get_by_role("button", name="Auf die Merkliste").click()
    expect(status).to_contain_text("Vorsicht! Dieses Angebot ist wahrscheinlich Betrug.")
    expect(status).to_contain_text("Sie sollen zuerst Geld bezahlen.")
    expect(section.get_by_role("complementary", name="Merkliste (0)")).to_contain_text("Noch nichts gemerkt.")

    section.get_by_role("button", name="Zurück zur Trefferliste").click()
    expect(section.get_by_role("button", name="Heimarbeit – 3000 € im Monat!")).to_be_focused()
    assert practice_results(practice_server) == []
