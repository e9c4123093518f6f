"""Show (making it if needed) or rotate the LTI tool's RSA key."""

from django.core.management.base import BaseCommand

from campus.learning.lti import keys


class Command(BaseCommand):
    help = "Show the LTI tool's active key id (made if missing); --rotate makes a new one."

    def add_arguments(self, parser):
        parser.add_argument("--rotate", action="store_true", help="retire the active key")

    def handle(self, *args, rotate=False, **options):
        key = keys.rotate() if rotate else keys.active_key()
        self.stdout.write(f"active LTI tool key: {key.kid}")
