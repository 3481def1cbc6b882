"""Every route, walked by every kind of visitor: who gets in, who is sent to sign in, who gets 403/404.

A new route without an entry in ROUTES fails test_every_route_is_in_the_table, so the table grows
with the app. Roles: anonymous, learner A and learner B, the mentor of A's location, the mentor of
another location, and the coordinator. Ids in the paths are A's (her attempt, check-in, plan item,
help call), so B and the other mentor must not reach them.
"""

from __future__ import annotations

from datetime import date

import pytest

from netzlernen.extensions import db
from netzlernen.models import CheckIn, HelpRequest, PlanItem, QuizAttempt, QuizAnswer
from netzlernen.models.base import utcnow
from tests.conftest import TESTS, Kiosk

ROLES = ("anonymous", "learner_a", "learner_b", "mentor_a", "mentor_b", "coordinator")
OK, SIGNIN, FORBIDDEN, NOT_FOUND, UNAUTHORIZED = "ok", "signin", 403, 404, 401

PUBLIC = dict.fromkeys(ROLES, OK)
LEARNERS = {"anonymous": SIGNIN, "learner_a": OK, "learner_b": OK, "mentor_a": FORBIDDEN, "mentor_b": FORBIDDEN, "coordinator": FORBIDDEN}
ONLY_A = {**LEARNERS, "learner_b": NOT_FOUND}
STAFF = {"anonymous": SIGNIN, "learner_a": FORBIDDEN, "learner_b": FORBIDDEN, "mentor_a": OK, "mentor_b": OK, "coordinator": OK}
A_IN_REACH = {**STAFF, "mentor_b": NOT_FOUND}
COORDINATOR = {**STAFF, "mentor_a": FORBIDDEN, "mentor_b": FORBIDDEN}
SIGNED_IN = {**PUBLIC, "anonymous": UNAUTHORIZED}

LESSON = "/courses/uebungen/uebung-und-quiz"
# endpoint: (method, path, expected per role, form data)
ROUTES = {
    "auth.signin": ("GET", "/signin", PUBLIC, None),
    "auth.staff_signin": ("GET", "/staff/signin", PUBLIC, None),
    "auth.choose_language": ("POST", "/language", PUBLIC, {"language": "en", "next": "/courses/uebungen"}),
    "auth.keepalive": ("POST", "/session/keepalive", SIGNED_IN, None),
    "auth.picture_signin": ("GET", "/signin/pictures", PUBLIC, None),
    "auth.change_password": ("GET", "/staff/password", STAFF, None),
    "learn.display_settings": ("GET", "/settings", LEARNERS, None),
    "learn.toggle_side_by_side": ("POST", "/settings/side-by-side", LEARNERS, None),
    "mentor.signin_method": ("POST", "/mentor/learners/{a}/signin-method", A_IN_REACH, {"method": "pin"}),
    "learn.home": ("GET", "/", {**LEARNERS, "mentor_a": OK, "mentor_b": OK, "coordinator": OK}, None),
    "learn.course": ("GET", "/courses/uebungen", LEARNERS, None),
    "learn.lesson": ("GET", LESSON, LEARNERS, None),
    "learn.answer_quiz": ("POST", f"{LESSON}/quiz", LEARNERS, {"q0": "0"}),
    "learn.quiz_result": ("GET", LESSON + "/attempts/{attempt}", ONLY_A, None),
    "learn.finish_lesson": ("POST", "/courses/uebungen/klicken/done", LEARNERS, None),
    "learn.report_practice": ("POST", "/courses/uebungen/klicken/practice/0", LEARNERS, "practice"),
    "learn.check_upload": ("POST", "/practice/upload-check", LEARNERS, None),
    "learn.course_file": ("GET", "/course-files/uebungen/_course/angebote.yml", {r: NOT_FOUND for r in ROLES}, None),
    "learn.call_help": ("POST", "/help", LEARNERS, None),
    "learn.cancel_help": ("POST", "/help/cancel", LEARNERS, None),
    "mentor.index": ("GET", "/mentor/", STAFF, None),
    "mentor.help_requests": ("GET", "/mentor/help-requests.json", STAFF, None),
    "mentor.take_help": ("POST", "/mentor/help-requests/{help}/take", A_IN_REACH, None),
    "mentor.close_help": ("POST", "/mentor/help-requests/{help}/close", A_IN_REACH, None),
    "mentor.new_learner": ("GET", "/mentor/learners/new", STAFF, None),
    "mentor.learner_created": ("GET", "/mentor/learners/{a}/new-pin", A_IN_REACH, None),
    "mentor.learner": ("GET", "/mentor/learners/{a}", A_IN_REACH, None),
    "mentor.edit_learner": ("GET", "/mentor/learners/{a}/edit", A_IN_REACH, None),
    "mentor.reset_pin": ("POST", "/mentor/learners/{a}/pin", A_IN_REACH, None),
    "mentor.unlock": ("POST", "/mentor/learners/{a}/unlock", A_IN_REACH, None),
    "mentor.card": ("GET", "/mentor/learners/{a}/card", A_IN_REACH, None),
    "mentor.cards": ("GET", "/mentor/cards", STAFF, None),
    "mentor.new_check_in": ("GET", "/mentor/learners/{a}/checkins/new", A_IN_REACH, None),
    "mentor.edit_check_in": ("GET", "/mentor/checkins/{checkin}/edit", A_IN_REACH, None),
    "mentor.add_plan": ("POST", "/mentor/learners/{a}/plan", A_IN_REACH, {"course_id": "uebungen"}),
    "mentor.change_plan": ("POST", "/mentor/learners/{a}/plan/{plan}/down", A_IN_REACH, None),
    "mentor.deactivate": ("POST", "/mentor/learners/{a}/deactivate", A_IN_REACH, None),
    "mentor.activate": ("POST", "/mentor/learners/{a}/activate", A_IN_REACH, None),
    "certificates.mine": ("GET", "/certificates/uebungen", LEARNERS, None),
    "certificates.for_learner": ("GET", "/mentor/learners/{a}/certificates/uebungen", A_IN_REACH, None),
    "certificates.replace": ("POST", "/mentor/learners/{a}/certificates/uebungen/replace", A_IN_REACH, None),
    "certificates.verify": ("GET", "/verify", PUBLIC, None),
    "coordinator.index": ("GET", "/coordinator/", COORDINATOR, None),
    "coordinator.staff": ("GET", "/coordinator/staff", COORDINATOR, None),
    "coordinator.new_staff": ("GET", "/coordinator/staff/new", COORDINATOR, None),
    "coordinator.edit_staff": ("GET", "/coordinator/staff/{mentor}", COORDINATOR, None),
    "coordinator.erase_staff": ("GET", "/coordinator/staff/{mentor}/erase", COORDINATOR, None),
    "coordinator.locations": ("GET", "/coordinator/locations", COORDINATOR, None),
    "coordinator.rename_location": ("POST", "/coordinator/locations/{location}", COORDINATOR, {"name": "Weststadt"}),
    "coordinator.centre_settings": ("GET", "/coordinator/settings", COORDINATOR, None),
    "coordinator.consent_text": ("GET", "/coordinator/consent", COORDINATOR, None),
    "coordinator.report": ("GET", "/coordinator/report", COORDINATOR, None),
    "coordinator.report_print": ("GET", "/coordinator/report/print", COORDINATOR, None),
    "coordinator.report_csv": ("GET", "/coordinator/report.csv", COORDINATOR, None),
    "coordinator.learners": ("GET", "/coordinator/learners", COORDINATOR, None),
    "coordinator.export": ("GET", "/coordinator/learners/{a}/export", COORDINATOR, None),
    "coordinator.export_json": ("GET", "/coordinator/learners/{a}/export.json", COORDINATOR, None),
    "coordinator.erase": ("GET", "/coordinator/learners/{a}/erase", COORDINATOR, None),
    "coordinator.retention": ("GET", "/coordinator/retention", COORDINATOR, None),
    "coordinator.audit_log": ("GET", "/coordinator/audit", COORDINATOR, None),
    # Last, because they change who the visitor is.
    "auth.guest": ("POST", "/guest", PUBLIC, "fresh token"),
    "auth.signout": ("POST", "/signout", dict.fromkeys(ROLES, SIGNIN), "fresh token"),
}


@pytest.fixture
def app_config(app_config):
    return {**app_config, "COURSES_DIR": str(TESTS / "data" / "practice-courses")}


@pytest.fixture
def world(app, centre):
    """Learner A's data that the paths point at."""
    a = centre.learner_a
    attempt = QuizAttempt(user_id=a.id, course_id="uebungen", lesson_slug="uebung-und-quiz", language="de",
                          score=1, total=1, passed=True)
    attempt.answers = [QuizAnswer(question_index=0, chosen="0", correct=True)]
    check_in = CheckIn(learner_id=a.id, author_id=centre.mentor_west.id, met_on=date.today(), duration_minutes=30,
                       mode="phone", confidence=3, updated_at=utcnow())
    plan = PlanItem(learner_id=a.id, course_id="uebungen", position=0)
    help_request = HelpRequest(learner_id=a.id, location_id=centre.west.id, status="open")
    db.session.add_all([attempt, check_in, plan, help_request])
    db.session.commit()
    return {"a": a.id, "attempt": attempt.id, "checkin": check_in.id, "plan": plan.id, "help": help_request.id,
            "mentor": centre.mentor_west.id, "location": centre.west.id}


def sign_in(app, role: str) -> Kiosk:
    kiosk = Kiosk(app.test_client())
    if role == "learner_a":
        assert kiosk.sign_in("ANNA11", "1111").status_code == 302
    elif role == "learner_b":
        assert kiosk.sign_in("BORA22", "2222").status_code == 302
    elif role != "anonymous":
        username = {"mentor_a": "maria", "mentor_b": "gerd", "coordinator": "koordination"}[role]
        assert kiosk.sign_in_staff(username, "geheim123").status_code == 302
    return kiosk


def outcome(response) -> object:
    if response.status_code in (301, 302, 303):
        location = response.headers["Location"]
        if location.startswith(("/signin", "/staff/signin")) and not location.startswith("/signin?next=%2Fsignin"):
            return SIGNIN
        return OK
    if response.status_code in (400, 401, 403, 404):
        return response.status_code  # 400 is never expected: it would mean a broken CSRF token here
    assert response.status_code < 500, response.status_code
    return OK


def test_every_route_is_in_the_table(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint != "static"}
    assert endpoints - set(ROUTES) == set(), "add the new routes to ROUTES in tests/test_access.py"
    assert set(ROUTES) - endpoints == set()


@pytest.mark.parametrize("role", ROLES)
def test_each_route_answers_each_role_as_it_should(app, world, role):
    kiosk = sign_in(app, role)
    token = kiosk.token("/signin") if role == "anonymous" else kiosk.token("/" if role.startswith("learner") else "/mentor/")
    wrong = []
    for endpoint, (method, path, expected, data) in ROUTES.items():
        url = path.format(**world)
        if method == "GET":
            response = kiosk.client.get(url)
        elif data == "fresh token":
            response = kiosk.client.post(url, data={"csrf_token": kiosk.token("/no-such-page")})
        elif data == "practice":
            response = kiosk.client.post(url, json={"type": "mouse-click", "attempts": 1}, headers={"X-CSRFToken": token})
        else:
            response = kiosk.client.post(url, data={"csrf_token": token, **(data or {})})
        got = outcome(response)
        if got != expected[role]:
            wrong.append(f"{endpoint} {method} {url}: expected {expected[role]}, got {got} ({response.status_code})")
    assert not wrong, "\n".join(wrong)
