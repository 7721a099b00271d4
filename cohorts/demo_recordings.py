"""Demo recordings and reference materials.

The running cohort's first seminar has a recording (a link to a video service, so the demo
needs no media files) with chapters and a transcript, shared with the whole track; the
library has a handful of materials, public and for members. Written directly, no e-mails.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cohorts.enums import RecordingSource, Visibility
from cohorts.models import Cohort, Recording, RecordingChapter
from courses.enums import MaterialKind
from courses.models import ModulePage, ReferenceMaterial, Topic, TrackPage
from lms.enums import StaffRole
from lms.models import User

TRANSCRIPT = (
    "Facilitator: Welcome, everyone, to the first seminar. Today we look at what data is, "
    "who collects it in our public services, and what an algorithm decides.\n"
    "Participant: In our hospital the rota software decides who works at night, and nobody "
    "can tell us how.\n"
    "Facilitator: That is exactly the kind of system we will learn to ask questions about."
)

MATERIALS = [
    (
        "Glossary: data, algorithms and AI in plain words",
        MaterialKind.DOCUMENT,
        Visibility.PUBLIC,
        "https://library.example.org/glossary",
    ),
    (
        "Slides: how digitalisation changes public services",
        MaterialKind.SLIDES,
        Visibility.MEMBERS,
        "https://library.example.org/slides-public-services",
    ),
    (
        "Facilitator kit: running a 90-minute workshop on data rights",
        MaterialKind.FACILITATOR_KIT,
        Visibility.MEMBERS,
        "https://library.example.org/workshop-kit",
    ),
    (
        "E-mail template: asking your employer which digital tools collect data",
        MaterialKind.EMAIL_TEMPLATE,
        Visibility.PUBLIC,
        "https://library.example.org/email-employer",
    ),
    (
        "How-to: reading an algorithmic impact assessment",
        MaterialKind.HOW_TO,
        Visibility.MEMBERS,
        "https://library.example.org/impact-assessment",
    ),
]


@transaction.atomic
def seed_recordings():
    """Add the demo recording and materials once."""
    _seed_recording()
    _seed_materials()


def _seed_recording():
    cohort = Cohort.objects.filter(slug="global-digital-curators").first()
    if cohort is None or Recording.objects.filter(session__cohort=cohort).exists():
        return
    session = cohort.sessions.filter(starts_at__lt=timezone.now()).order_by("starts_at").first()
    if session is None:
        return
    # Approved by a coordinator of the cohort, or else by a programme administrator.
    coordinator = (
        cohort.coordinators.first()
        or User.objects.filter(role_assignments__role=StaffRole.PROGRAMME_ADMIN).first()
    )
    now = timezone.now()
    recording = Recording.objects.create(
        session=session,
        title=f"Seminar {session.seminar_number}: {session.module.title}",
        language=cohort.language,
        source=RecordingSource.LINK,
        external_url=f"https://video.example.org/{cohort.slug}-seminar-{session.seminar_number}",
        duration_seconds=3 * 60 * 60,
        transcript=TRANSCRIPT,
        visibility=Visibility.TRACK if coordinator else Visibility.COHORT,
        approved_by=coordinator,
        approved_at=now if coordinator else None,
        keep_until=timezone.localdate() + timedelta(days=settings.RECORDING_KEEP_DAYS),
        keep_for_training=True,
        uploaded_by=coordinator,
    )
    for minute, title in [(0, "Welcome and introductions"), (25, "What data is"), (90, "Break")]:
        RecordingChapter.objects.create(
            recording=recording, starts_at_second=minute * 60, title=title
        )


def _seed_materials():
    if ReferenceMaterial.objects.exists():
        return
    tracks = list(TrackPage.objects.live())
    first_modules = list(ModulePage.objects.live().filter(number=1))
    topics = list(Topic.objects.filter(number__in=[1, 2, 3]))
    for title, kind, visibility, url in MATERIALS:
        material = ReferenceMaterial.objects.create(
            title=title,
            kind=kind,
            language="en",
            url=url,
            visibility=visibility,
            description="Written for the programme's seminars; free to adapt for your union.",
        )
        material.tracks.set(tracks)
        material.modules.set(first_modules)
        material.topics.set(topics)
