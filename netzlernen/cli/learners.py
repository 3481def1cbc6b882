import click

from .. import audit, database_file, settings
from ..coordinator import services
from ..extensions import db
from .database import DatabaseGroup

learners = DatabaseGroup("learners", help="Learner data: retention (DSGVO).")


@learners.command("retention")
@click.option("--months", type=click.IntRange(1, 240), help="Inactive for longer than this; default: the centre setting.")
@click.option("--dry-run", is_flag=True, help="Only list who would be erased.")
def retention(months: int | None, dry_run: bool) -> None:
    """Erase learners inactive longer than the retention period (for a scheduled job)."""
    months = months or int(settings.get("retention_months"))
    candidates = services.retention_candidates(months)
    for learner in candidates:
        seen = learner.last_active_at.date().isoformat() if learner.last_active_at else "never"
        click.echo(f"{'would erase' if dry_run else 'erasing'} learner {learner.id} (last active: {seen})")
        if not dry_run:
            audit.record_unattended("flask learners retention", "erase", learner.id)
            services.erase_learner(learner)
    if not dry_run:
        db.session.commit()
        database_file.checkpoint_after_erasure()
    click.echo(f"{len(candidates)} learners inactive for more than {months} months"
               f"{' (dry run, nothing erased)' if dry_run else ' erased'}.")
