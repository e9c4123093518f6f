"""manage.py load_esco [FOLDER] [--labels FILE]: load ESCO skills and labels from CSV files."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from campus.skills.services import ESCO_DIR, SHIPPED_LABELS, EscoLoadError, esco_load


class Command(BaseCommand):
    help = (
        "Create or update ESCO skills and their labels from a folder of ESCO CSV files "
        "(*Collection_<lang>.csv and skills_<lang>.csv, any language, e.g. ESCO's full "
        "download). Without a folder: the shipped English extract and its nl/de/sv/fi labels. "
        "Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "folder",
            nargs="?",
            type=Path,
            default=None,
            help=f"folder of ESCO CSV files (default: the shipped extract, {ESCO_DIR})",
        )
        parser.add_argument(
            "--labels",
            type=Path,
            default=None,
            help=(
                "a file of supplementary labels that only fill gaps, in the format of "
                f"{SHIPPED_LABELS} (read by default when no folder is given)"
            ),
        )

    def handle(self, *args, folder: Path | None = None, labels: Path | None = None, **options):
        try:
            report = esco_load(folder, labels=labels)
        except EscoLoadError as exc:
            raise CommandError(str(exc)) from exc
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("ESCO skills loaded."))
