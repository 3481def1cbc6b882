import click
from sqlalchemy import or_, select

from ..auth import services
from ..extensions import db
from ..i18n import LANGUAGES
from ..models import Location, Role, User
from .database import DatabaseGroup

users = DatabaseGroup("users", help="Learner and staff accounts.")

_LOCATION_HELP = "The name of the location (as on the coordinator's locations page)."


def _location_id(name: str | None) -> int | None:
    """The id of the location called ``name``; a clear error naming the locations there are."""
    if name is None:
        return None
    location_id = db.session.scalar(select(Location.id).where(Location.name == name))
    if location_id is None:
        known = ", ".join(db.session.scalars(select(Location.name).order_by(Location.name))) or "none yet"
        raise click.BadParameter(f"no location called {name!r} (there are: {known})", param_hint="--location")
    return location_id


@users.command("create-learner")
@click.argument("display_name")
@click.option("--language", type=click.Choice(sorted(LANGUAGES)), default="de", show_default=True)
@click.option("--pin", help="4 to 6 digits; made up when not given.")
@click.option("--code", help="The sign-in code; made up when not given.")
@click.option("--location", help=_LOCATION_HELP)
def create_learner(display_name: str, language: str, pin: str | None, code: str | None, location: str | None) -> None:
    """Create a learner and print the sign-in code and PIN (shown only now)."""
    try:
        user, clear_pin = services.create_learner(display_name, language, pin=pin, code=code,
                                                  location_id=_location_id(location))
    except services.AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"Learner {user.display_name}: sign-in code {user.signin_code}, PIN {clear_pin}")


@users.command("create-staff")
@click.argument("username")
@click.option("--role", type=click.Choice([Role.MENTOR.value, Role.COORDINATOR.value]), default=Role.MENTOR.value, show_default=True)
@click.option("--name", "display_name", help="Name shown to others; the username when not given.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="At least 8 characters; asked for when not given.")
@click.option("--location", help=_LOCATION_HELP + " A mentor sees only the learners of their location.")
def create_staff(username: str, role: str, display_name: str | None, password: str, location: str | None) -> None:
    """Create a mentor or coordinator (admin) account."""
    try:
        user = services.create_staff(username, password, Role(role), display_name,
                                     location_id=_location_id(location))
    except services.AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"{role.capitalize()} {user.username} created.")
    if user.role == Role.MENTOR.value and user.location_id is None:
        click.echo("This mentor has no location and sees no learners yet: give them one with --location or on the "
                   "coordinator's staff page.")


@users.command("unlock")
@click.argument("code_or_username")
def unlock(code_or_username: str) -> None:
    """Unlock an account locked after too many wrong PINs or passwords."""
    user = db.session.scalar(select(User).where(or_(
        User.signin_code == services.normalize_code(code_or_username),
        User.username == code_or_username.strip().lower(),
    )))
    if user is None:
        raise click.ClickException("no such account")
    services.unlock(user)
    db.session.commit()
    click.echo(f"Unlocked {user.display_name}.")
