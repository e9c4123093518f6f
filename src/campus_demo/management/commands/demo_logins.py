from django.core.management.base import BaseCommand

from campus_demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from campus_demo.credentials import public_url_notes


class Command(BaseCommand):
    help = "Print the demo accounts and their password."

    def add_arguments(self, parser):
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000", help="where the campus is served"
        )

    def handle(self, *args, url, **options):
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"HEROES Virtual Campus demo — sign in at {url.rstrip('/')}/accounts/login/"
            )
        )
        self.stdout.write(f"Password for every demo account: {DEMO_PASSWORD}")
        for email, name, _roles, _where, label in DEMO_ACCOUNTS:
            self.stdout.write(f"  {email:<28} {name:<22} {label}")
        for note in public_url_notes():
            self.stdout.write(note)
        self.stdout.write("")
