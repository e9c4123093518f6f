from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from campus.people import services
from campus.people.models import Person


class Command(BaseCommand):
    help = "Print a new personal API token for a person (for scripts and administrators)."

    def add_arguments(self, parser):
        parser.add_argument("email", help="the person's e-mail address")
        parser.add_argument("--name", default="command line", help="what the token is for")

    def handle(self, *args, email, name, **options):
        person = Person.objects.filter(email__iexact=email.strip()).first()
        if person is None:
            raise CommandError(f"No person with the e-mail address {email!r}.")
        if not person.is_active:
            raise CommandError(f"{email} is not active; an inactive person's tokens do not work.")
        try:
            # An operator at the console acts with the person's own authority.
            _token, secret = services.api_token_create(person=person, name=name, by=person)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(secret)
