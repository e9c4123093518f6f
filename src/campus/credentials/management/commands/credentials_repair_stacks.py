from django.core.management.base import BaseCommand

from campus.credentials.services import stacks_repair


class Command(BaseCommand):
    help = (
        "Revoke the stacked (programme) credentials that were issued without their programme's "
        "rules being met; each holder is told why. Safe to run again: it finds nothing twice."
    )

    def handle(self, *args, **options):
        revoked = stacks_repair(by=None)
        if not revoked:
            self.stdout.write("No stacked credential was issued in error.")
            return
        plural = "" if len(revoked) == 1 else "s"
        self.stdout.write(f"Revoked {len(revoked)} stacked credential{plural} issued in error:")
        for credential in revoked:
            self.stdout.write(f"  {credential.achievement.title} — {credential.person.email}")
