import click
from flask.cli import AppGroup
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from ..auth import services
from ..extensions import db
from ..models import Role, User

demo = AppGroup("demo", help="Demo accounts for trying NetzLernen out.")

DEMO_LEARNERS = (
    ("Anna", "ANNA24", "1234", "de"),
    ("Omar", "OMAR47", "2580", "ar"),
)
DEMO_STAFF = (
    ("mentor", "Netzpatin Maria", "netzpate", Role.MENTOR),
    ("koordination", "Koordination", "lernzentrum", Role.COORDINATOR),
)


def load_demo_accounts() -> list[str]:
    """Create the demo accounts, or reset their secrets. Returns lines describing them."""
    lines = []
    for name, code, pin, language in DEMO_LEARNERS:
        user = db.session.scalar(select(User).where(User.signin_code == code))
        if user is None:
            services.create_learner(name, language, pin=pin, code=code)
        else:
            user.pin_hash = generate_password_hash(pin)
            services.unlock(user)
        lines.append(f"  Learner {name}: sign-in code {code}, PIN {pin}")
    for username, display_name, password, role in DEMO_STAFF:
        user = db.session.scalar(select(User).where(User.username == username))
        if user is None:
            services.create_staff(username, password, role, display_name)
        else:
            user.password_hash = generate_password_hash(password)
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
