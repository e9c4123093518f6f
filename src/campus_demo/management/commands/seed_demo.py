import logging

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from campus_demo.credentials import public_url_notes
from campus_demo.seed import seed


class Command(BaseCommand):
    help = "Load the demo alliance (deterministic and idempotent): institutions, skills, people, governance."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=int, default=1, help="multiply the number of people (10 for benchmarks)"
        )

    def handle(self, *args, scale, **options):
        # Production never installs this app; this guards a settings module that does.
        if settings.PRODUCTION:
            raise CommandError(
                "seed_demo refuses to run in production (CAMPUS_ENV=production): it would add "
                "made-up people, courses and credentials with a published password to a real "
                "campus. Run it on a development database."
            )
        if not 1 <= scale <= 100:
            raise CommandError("--scale runs from 1 to 100.")
        # The demo people live at campus.test: their notifications are stored, never mailed.
        # Its tasks (team formation, e-mail) run at once on the immediate backend, so the
        # seeded teams exist when the command ends, without a worker.
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
            TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        ):
            # Thousands of immediate tasks would each log a line; the seeder reports its own.
            tasks_log = logging.getLogger("django_tasks")
            level = tasks_log.level
            tasks_log.setLevel(logging.WARNING)
            try:
                report = seed(scale=scale, stdout=self.stdout)
            finally:
                tasks_log.setLevel(level)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo alliance ready: {report.institutions} institutions, "
                f"{report.organisations_created} new organisations, {report.people_created} new people, "
                f"{report.memberships_created} new governance seats."
            )
        )
        for note in public_url_notes():
            style = self.style.WARNING if note.startswith("Warning") else self.style.SUCCESS
            self.stdout.write(style(note))
