from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from campus.alliance.services import DEFAULT_INSTITUTIONS_PATH, institutions_load


class Command(BaseCommand):
    help = "Load (or refresh) the alliance's partner institutions and their NUTS regions."

    def add_arguments(self, parser):
        parser.add_argument(
            "--path",
            default=None,
            help=f"JSON file to read (default: {DEFAULT_INSTITUTIONS_PATH})",
        )

    def handle(self, *args, path=None, **options):
        try:
            count = institutions_load(path)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Loaded {count} institutions."))
