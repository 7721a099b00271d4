from django.core.management.base import BaseCommand
from django.db import transaction

from cohorts.demo import seed_cohorts
from cohorts.demo_attendance import seed_attendance
from cohorts.demo_enrolment import seed_enrolments
from cohorts.demo_recordings import seed_recordings
from courses.demo import seed_curriculum
from courses.demo_clauses import seed_clauses
from lms.demo import DEMO_PASSWORD, demo_logins, seed_people


class Command(BaseCommand):
    help = "Load the demo programme, regions, unions and people. Safe to run again."

    def handle(self, *args, **options):
        with transaction.atomic():
            seed_people()
            seed_curriculum()
            seed_clauses()
            seed_cohorts()
            seed_enrolments()
            seed_attendance()
            seed_recordings()
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
        self.stdout.write(f"Demo accounts (password: {DEMO_PASSWORD}):")
        for email, what in demo_logins():
            self.stdout.write(f"  {email:<36} {what}")
