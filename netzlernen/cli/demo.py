import click
from sqlalchemy import select

from ..auth import services
from ..extensions import db
from ..models import Location, Role, User
from .database import DatabaseGroup

demo = DatabaseGroup("demo", help="Demo accounts for trying NetzLernen out.")

DEMO_LEARNERS = (
    ("Anna", "ANNA24", "1234", "de"),
    ("Omar", "OMAR47", "2580", "ar"),
)
DEMO_STAFF = (
    ("mentor", "Netzpatin Maria", "netzpate", Role.MENTOR),
    ("koordination", "Koordination", "lernzentrum", Role.COORDINATOR),
)


DEMO_LOCATIONS = (("Lernzentrum Weststadt", "Göttingen-Weststadt"), ("Lernzentrum Grone", "Göttingen-Grone"))


def demo_locations() -> list[Location]:
    locations = []
    for name, address in DEMO_LOCATIONS:
        location = db.session.scalar(select(Location).where(Location.name == name))
        if location is None:
            location = Location(name=name, address=address)
            db.session.add(location)
            db.session.flush()
        locations.append(location)
    return locations


def load_demo_accounts() -> list[str]:
    """Create the demo accounts, or reset their secrets. Returns lines describing them."""
    lines = []
    weststadt, _grone = demo_locations()
    for name, code, pin, language in DEMO_LEARNERS:
        user = db.session.scalar(select(User).where(User.signin_code == code))
        if user is None:
            services.create_learner(name, language, pin=pin, code=code, location_id=weststadt.id)
        else:
            user.pin_hash = services.hash_secret(pin)
            services.unlock(user)
        lines.append(f"  Learner {name}: sign-in code {code}, PIN {pin}")
    for username, display_name, password, role in DEMO_STAFF:
        user = db.session.scalar(select(User).where(User.username == username))
        if user is None:
            services.create_staff(username, password, role, display_name, location_id=weststadt.id)
        else:
            user.password_hash = services.hash_secret(password)
            services.unlock(user)
        lines.append(f"  {role.value.capitalize()} {display_name}: username {username}, password {password}")
    db.session.flush()
    return lines


@demo.command("load")
def load() -> None:
    """Create the demo learners, mentor and coordinator (idempotent) and print their sign-in data."""
    lines = load_demo_accounts()
    db.session.commit()
    click.echo("Demo accounts:")
    for line in lines:
        click.echo(line)
