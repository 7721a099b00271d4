"""The reference materials library: who sees what, the files, uploads, the admin, the filters."""

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohorts.domain.exceptions import AttendanceError
from cohorts.enums import EnrolmentStatus, Visibility
from courses.domain.materials import (
    material_create,
    material_delete,
    material_update,
    materials_visible_to,
)
from courses.enums import MaterialKind
from courses.models import ReferenceMaterial
from lms.enums import StaffRole
from tests.factories import RegionFactory, UserFactory, staff_user
from tests.factories.cohorts import held_cohort, participant
from tests.factories.people import PASSWORD

pytestmark = pytest.mark.django_db

COHORT, TRACK, MEMBERS, PUBLIC = (
    Visibility.COHORT,
    Visibility.TRACK,
    Visibility.MEMBERS,
    Visibility.PUBLIC,
)
PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def stored_files() -> list[Path]:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def login(client, user):
    assert client.login(email=user.email, password=PASSWORD)


def material(title, *, visibility, region, tracks=(), modules=(), sessions=(), topics=(), **kw):
    """A link material made directly: access tests do not depend on the write path."""
    kw.setdefault("url", "https://example.org/" + title.lower().replace(" ", "-"))
    made = ReferenceMaterial.objects.create(
        title=title,
        kind=kw.pop("kind", MaterialKind.DOCUMENT),
        language=kw.pop("language", "en"),
        visibility=visibility,
        region=region,
        **kw,
    )
    made.tracks.set(tracks)
    made.modules.set(modules)
    made.sessions.set(sessions)
    made.topics.set(topics)
    return made


@pytest.fixture
def world(curriculum):
    europe = RegionFactory(name="Europe", slug="europe")
    asia = RegionFactory(name="Asia-Pacific", slug="asia-pacific")
    curators, leaders = curriculum.tracks["curators"], curriculum.tracks["leaders"]
    london = held_cohort(curators, days_ago=10, region=europe, title="London curators")
    manila = held_cohort(curators, days_ago=10, region=asia, title="Manila curators")
    paris = held_cohort(leaders, days_ago=10, region=europe, title="Paris leaders")
    withdrawn = participant(london, full_name="Wim Withdrawn")
    withdrawn.status = EnrolmentStatus.WITHDRAWN
    withdrawn.save(update_fields=["status"])
    facilitator = staff_user(StaffRole.FACILITATOR, asia, full_name="Fran Facilitator")
    london.facilitators.add(facilitator)
    london_first = london.sessions.get(seminar_number=1)
    materials = {
        "public": material("Public leaflet", visibility=PUBLIC, region=europe),
        "members": material("Members guide", visibility=MEMBERS, region=europe),
        "track": material("Track slides", visibility=TRACK, region=europe, tracks=[curators]),
        "module": material(
            "Module template",
            visibility=TRACK,
            region=asia,
            modules=[curriculum.modules[("curators", 2)]],
        ),
        "cohort": material(
            "Cohort handout", visibility=COHORT, region=europe, sessions=[london_first]
        ),
        "staff": material("Staff notes", visibility=COHORT, region=europe),
        "programme": material("Programme kit", visibility=COHORT, region=None),
    }
    return {
        "europe": europe,
        "asia": asia,
        "curators": curators,
        "leaders": leaders,
        "london": london,
        "manila": manila,
        "london_first": london_first,
        "materials": materials,
        "anonymous": None,
        "stranger": UserFactory(full_name="Sam Stranger"),
        "member": participant(london, full_name="Carla Curator").user,
        "withdrawn": withdrawn.user,
        "other_cohort": participant(manila, full_name="Mei Manila").user,
        "other_track": participant(paris, full_name="Leo Leader").user,
        "facilitator": facilitator,
        "eu_coordinator": staff_user(StaffRole.COORDINATOR, europe, full_name="Eve Coordinator"),
        "asia_coordinator": staff_user(StaffRole.COORDINATOR, asia, full_name="Ari Coordinator"),
        "eu_curator": staff_user(StaffRole.CURATOR, europe, full_name="Cora Curator"),
        "admin": staff_user(StaffRole.PROGRAMME_ADMIN, full_name="Programme Admin"),
    }


# --- Who sees what ------------------------------------------------------------------------

EVERYTHING = [
    "Cohort handout",
    "Members guide",
    "Module template",
    "Programme kit",
    "Public leaflet",
    "Staff notes",
    "Track slides",
]


@pytest.mark.parametrize(
    ("viewer", "titles"),
    [
        ("anonymous", ["Public leaflet"]),
        ("stranger", ["Members guide", "Public leaflet"]),
        (
            "member",
            [
                "Cohort handout",
                "Members guide",
                "Module template",
                "Public leaflet",
                "Track slides",
            ],
        ),
        ("withdrawn", ["Members guide", "Public leaflet"]),
        # Same track, another cohort: the track's materials, not the London cohort's.
        ("other_cohort", ["Members guide", "Module template", "Public leaflet", "Track slides"]),
        ("other_track", ["Members guide", "Public leaflet"]),
        # Facilitates London (cohort and track) and holds the role in Asia (its materials).
        (
            "facilitator",
            [
                "Cohort handout",
                "Members guide",
                "Module template",
                "Public leaflet",
                "Track slides",
            ],
        ),
        ("eu_coordinator", [t for t in EVERYTHING if t != "Programme kit"]),
        (
            "asia_coordinator",
            ["Members guide", "Module template", "Public leaflet", "Track slides"],
        ),
        ("eu_curator", [t for t in EVERYTHING if t not in ("Module template", "Programme kit")]),
        ("admin", EVERYTHING),
    ],
)
def test_each_role_sees_exactly_its_materials(world, viewer, titles):
    user = world[viewer] or AnonymousUser()
    assert list(materials_visible_to(user).values_list("title", flat=True)) == titles


def test_an_inactive_account_sees_only_public_materials(world):
    member = world["member"]
    member.is_active = False
    member.save(update_fields=["is_active"])
    assert list(materials_visible_to(member).values_list("title", flat=True)) == ["Public leaflet"]


def test_session_material_reaches_its_cohort_only(world):
    cohort_only = world["materials"]["cohort"]
    seen_by = {
        name
        for name in ("member", "withdrawn", "other_cohort", "other_track", "stranger")
        if materials_visible_to(world[name]).filter(pk=cohort_only.pk).exists()
    }
    assert seen_by == {"member"}


def test_track_visibility_reaches_the_track_through_a_session(world):
    via_session = material(
        "Session track notes",
        visibility=TRACK,
        region=world["europe"],
        sessions=[world["london_first"]],
    )
    assert materials_visible_to(world["other_cohort"]).filter(pk=via_session.pk).exists()
    assert not materials_visible_to(world["other_track"]).filter(pk=via_session.pk).exists()


# --- The file view ------------------------------------------------------------------------


@pytest.fixture
def handout(world):
    return material_create(
        by=world["eu_coordinator"],
        title="Seminar handout",
        kind=MaterialKind.SLIDES,
        language="en",
        visibility=COHORT,
        region=world["europe"],
        upload=upload("handout.pdf", PDF),
        sessions=[world["london_first"]],
    )


@pytest.mark.parametrize(
    ("viewer", "status"),
    [
        ("anonymous", 404),
        ("stranger", 404),
        ("withdrawn", 404),
        ("other_cohort", 404),
        ("other_track", 404),
        ("asia_coordinator", 404),
        ("member", 200),
        ("facilitator", 200),
        ("eu_coordinator", 200),
        ("admin", 200),
    ],
)
def test_file_only_for_those_who_see_the_material(client, world, handout, viewer, status):
    if world[viewer] is not None:
        login(client, world[viewer])
    response = client.get(reverse("materials:file", args=[handout.pk]))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="handout.pdf"'
        assert response["Cache-Control"] == "private, no-store"


def test_file_view_404s_for_links_and_unknown_ids(client, world, handout):
    login(client, world["admin"])
    link = world["materials"]["public"]
    for pk in (link.pk, 0, handout.pk + 1000, 2**63):
        assert client.get(f"/materials/{pk}/file/").status_code == 404, pk
    assert client.get("/materials/-1/file/").status_code == 404
    ranged = client.get(reverse("materials:file", args=[handout.pk]), HTTP_RANGE="bytes=0-3")
    assert (ranged.status_code, b"".join(ranged.streaming_content)) == (206, b"%PDF")


# --- Writes: files, links, rules ----------------------------------------------------------


def create(world, by="eu_coordinator", **fields):
    values = {
        "title": "Guide",
        "kind": MaterialKind.HOW_TO,
        "language": "en",
        "visibility": MEMBERS,
        "region": world["europe"],
        **fields,
    }
    return material_create(by=world[by], **values)


def test_created_file_keeps_its_name_under_a_random_stored_name(world):
    made = create(world, upload=upload("../../Checklist for reps.docx", docx()))
    assert (made.original_name, made.file_size, made.content_type, made.url) == (
        "Checklist for reps.docx",
        len(docx()),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "",
    )
    assert made.file.name.startswith("materials/") and "Checklist" not in made.file.name
    assert made.uploaded_by == world["eu_coordinator"]
    assert stored_files() == [Path(settings.PRIVATE_MEDIA_ROOT) / made.file.name]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("slides.pdf", docx(), "“slides.pdf” is not really a .pdf file"),
        ("notes.docx", PDF, "“notes.docx” is not really a .docx file"),
        ("photo.png", PNG, "“photo.png” is not a type of file the library takes"),
        ("script.html", b"<script>alert(1)</script>", "not a type of file the library takes"),
        ("empty.txt", b"", "“empty.txt” is empty."),
        ("binary.txt", b"\x00\xff\xfe", "“binary.txt” is not really a .txt file"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_written(world, name, content, message):
    with pytest.raises(AttendanceError) as refused:
        create(world, upload=upload(name, content))
    assert (refused.value.field, message in refused.value.message) == ("upload", True)
    assert (ReferenceMaterial.objects.count(), stored_files()) == (7, [])


def test_a_file_one_byte_over_the_limit_is_refused(world, settings):
    settings.SUBMISSION_MAX_FILE_BYTES = 100
    with pytest.raises(AttendanceError) as refused:
        create(world, upload=upload("long.txt", b"a" * 101))
    assert refused.value.message == "“long.txt” is larger than 100\xa0bytes."
    assert create(world, upload=upload("exact.txt", b"a" * 100)).file_size == 100


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({}, "upload"),  # neither a file nor a link
        ({"url": "https://example.org/a", "upload": upload("a.txt", b"a")}, "url"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "ftp://example.org/a.pdf"}, "url"),
        ({"url": "https://example.org/" + "a" * 500}, "url"),
        ({"url": "https://example.org/", "title": "  "}, "title"),
        ({"url": "https://example.org/", "title": "x" * 201}, "title"),
        ({"url": "https://example.org/", "description": "x" * 4001}, "description"),
        ({"url": "https://example.org/", "kind": "video"}, "kind"),
        ({"url": "https://example.org/", "language": "xx"}, "language"),
        ({"url": "https://example.org/", "visibility": "secret"}, "visibility"),
    ],
)
def test_bad_values_are_refused(world, fields, field):
    with pytest.raises(AttendanceError) as refused:
        create(world, **fields)
    assert refused.value.field == field
    assert ReferenceMaterial.objects.count() == 7


def test_who_may_add_where_and_make_public(world):
    link = {"url": "https://example.org/guide"}
    assert create(world, by="eu_coordinator", visibility=PUBLIC, **link).visibility == PUBLIC
    assert create(world, by="eu_curator", visibility=MEMBERS, **link).region == world["europe"]
    assert create(world, by="admin", visibility=PUBLIC, region=None, **link).region is None
    refusals = [
        ("eu_curator", {"visibility": PUBLIC}, "visibility"),
        ("eu_coordinator", {"region": world["asia"]}, "region"),
        ("eu_coordinator", {"region": None}, "region"),
        ("eu_curator", {"region": world["asia"]}, "region"),
        ("facilitator", {}, None),  # sees materials, adds none
        ("member", {}, None),
        ("eu_coordinator", {"sessions": list(world["manila"].sessions.all())}, "sessions"),
    ]
    for by, fields, field in refusals:
        with pytest.raises(AttendanceError) as refused:
            create(world, by=by, **{**link, **fields})
        assert refused.value.field == field, by
    assert ReferenceMaterial.objects.count() == 10


def test_update_replaces_the_file_and_removes_the_old_one(
    world, handout, django_capture_on_commit_callbacks
):
    old = Path(handout.file.path)
    values = {
        "title": "Seminar handout, revised",
        "kind": MaterialKind.SLIDES,
        "language": "es",
        "visibility": COHORT,
        "region": world["europe"],
        "sessions": [world["london_first"]],
    }
    with django_capture_on_commit_callbacks(execute=True):
        kept = material_update(material=handout, by=world["eu_coordinator"], **values)
    assert (kept.file.name, kept.language) == (handout.file.name, "es")
    with django_capture_on_commit_callbacks(execute=True):
        replaced = material_update(
            material=handout,
            by=world["eu_coordinator"],
            upload=upload("handout-v2.docx", docx()),
            **values,
        )
    assert replaced.original_name == "handout-v2.docx"
    assert not old.exists()
    assert stored_files() == [Path(replaced.file.path)]
    with django_capture_on_commit_callbacks(execute=True):
        linked = material_update(
            material=handout, by=world["eu_coordinator"], url="https://example.org/h", **values
        )
    assert (linked.file.name, linked.original_name, linked.url) == ("", "", "https://example.org/h")
    assert stored_files() == []
    with pytest.raises(AttendanceError):  # another region's coordinator
        material_update(material=handout, by=world["asia_coordinator"], **values)
    with pytest.raises(AttendanceError):  # curators add, they do not change
        material_update(material=handout, by=world["eu_curator"], **values)


def test_delete_removes_the_file(world, handout, django_capture_on_commit_callbacks):
    with pytest.raises(AttendanceError):  # coordinators do not delete
        material_delete(material=handout, by=world["eu_coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        material_delete(material=handout, by=world["admin"])
    assert (ReferenceMaterial.objects.filter(pk=handout.pk).exists(), stored_files()) == (
        False,
        [],
    )


# --- The admin ----------------------------------------------------------------------------


def admin_titles(client):
    response = client.get(reverse("reference_materials:index"))
    assert response.status_code == 200
    return sorted(m.title for m in response.context["object_list"])


def form_data(world, **fields):
    return {
        "title": "Bargaining checklist",
        "kind": MaterialKind.HOW_TO,
        "language": "en",
        "description": "",
        "url": "",
        "region": world["europe"].pk,
        "visibility": MEMBERS,
        **fields,
    }


def test_admin_listing_is_scoped_to_the_viewers_regions(client, world):
    europe = [t for t in EVERYTHING if t not in ("Module template", "Programme kit")]
    login(client, world["eu_coordinator"])
    assert admin_titles(client) == europe
    client.logout()
    login(client, world["facilitator"])  # an Asia facilitator: Asia's, read only
    assert admin_titles(client) == ["Module template"]
    client.logout()
    login(client, world["admin"])
    assert admin_titles(client) == EVERYTHING


def test_other_regions_material_is_not_found_on_every_admin_view(client, world):
    login(client, world["eu_coordinator"])
    for key in ("module", "programme"):
        pk = world["materials"][key].pk
        for view in ("edit", "delete", "inspect", "history", "usage"):
            url = reverse(f"reference_materials:{view}", args=[pk])
            assert client.get(url).status_code == 404, (key, view)
        url = reverse("reference_materials:edit", args=[pk])
        assert client.post(url, form_data(world, url="https://example.org/x")).status_code == 404
    assert ReferenceMaterial.objects.get(title="Module template").region == world["asia"]


def test_admin_upload_creates_the_material_and_ignores_extra_fields(client, world, curriculum):
    login(client, world["eu_coordinator"])
    data = form_data(
        world,
        upload=upload("checklist.pdf", PDF),
        topics=[curriculum.topics[1].pk],
        tracks=[world["curators"].pk],
        sessions=[world["london_first"].pk],
        uploaded_by=world["admin"].pk,
        file_size="1",
        original_name="evil.exe",
    )
    response = client.post(reverse("reference_materials:add"), data)
    assert response.status_code == 302
    made = ReferenceMaterial.objects.get(title="Bargaining checklist")
    assert (made.original_name, made.file_size, made.uploaded_by) == (
        "checklist.pdf",
        len(PDF),
        world["eu_coordinator"],
    )
    assert list(made.topics.all()) == [curriculum.topics[1]]
    assert list(made.tracks.all()) == [world["curators"]]
    assert list(made.sessions.all()) == [world["london_first"]]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"upload": ("slides.pptx", PDF)}, "upload"),
        ({}, "upload"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "https://example.org/", "visibility": PUBLIC, "as": "eu_curator"}, "visibility"),
        ({"url": "https://example.org/", "region": "asia"}, "region"),
        ({"url": "https://example.org/", "region": str(2**63)}, "region"),
    ],
)
def test_admin_form_shows_errors_and_saves_nothing(client, world, fields, field):
    fields = dict(fields)
    login(client, world[fields.pop("as", "eu_coordinator")])
    if "upload" in fields:
        fields["upload"] = upload(*fields["upload"])
    if fields.get("region") == "asia":
        fields["region"] = world["asia"].pk
    response = client.post(reverse("reference_materials:add"), form_data(world, **fields))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert (ReferenceMaterial.objects.count(), stored_files()) == (7, [])


def test_curators_add_but_do_not_edit_and_facilitators_only_look(client, world):
    login(client, world["eu_curator"])
    data = form_data(world, url="https://example.org/checklist")
    assert client.post(reverse("reference_materials:add"), data).status_code == 302
    staff_notes = world["materials"]["staff"]
    edit = reverse("reference_materials:edit", args=[staff_notes.pk])
    refused = client.post(edit, {**data, "title": "Renamed"})
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    client.logout()
    login(client, world["facilitator"])
    refused = client.post(reverse("reference_materials:add"), data)
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    module = world["materials"]["module"]
    assert client.get(reverse("reference_materials:inspect", args=[module.pk])).status_code == 200
    assert ReferenceMaterial.objects.filter(title="Bargaining checklist").count() == 1
    assert ReferenceMaterial.objects.get(pk=staff_notes.pk).title == "Staff notes"


def test_admin_form_offers_only_the_viewers_regions_and_sessions(client, world):
    login(client, world["eu_coordinator"])
    form = client.get(reverse("reference_materials:add")).context["form"]
    assert list(form.fields["region"].queryset) == [world["europe"]]
    assert form.fields["region"].required
    assert [str(label) for _pk, label in form.fields["modules"].choices][:2] == [
        "Digital curators: Digital curators seminar 1",
        "Digital curators: Digital curators seminar 2",
    ]
    assert sorted({s.cohort.title for s in form.fields["sessions"].queryset}) == [
        "London curators",
        "Paris leaders",
    ]


def test_admin_filters_give_exact_results(client, world, curriculum):
    world["materials"]["staff"].topics.set([curriculum.topics[0]])
    login(client, world["eu_coordinator"])
    index = reverse("reference_materials:index")
    cases = [
        ({"visibility": COHORT}, ["Cohort handout", "Staff notes"]),
        ({"tracks": world["curators"].pk}, ["Track slides"]),
        ({"topics": curriculum.topics[0].pk}, ["Staff notes"]),
        ({"kind": MaterialKind.SLIDES}, []),
        ({"language": "en", "q": "guide"}, ["Members guide"]),
    ]
    for params, titles in cases:
        response = client.get(index, params)
        assert sorted(m.title for m in response.context["object_list"]) == titles, params


# --- The public library -------------------------------------------------------------------


def listed(client, **params):
    response = client.get(reverse("materials:list"), params)
    assert response.status_code == 200
    return [m.title for m in response.context["materials"]]


def test_library_lists_what_the_viewer_may_see(client, world, handout):
    assert listed(client) == ["Public leaflet"]
    assert b"/materials/%d/file/" % handout.pk not in client.get("/materials/").content
    login(client, world["other_cohort"])
    assert listed(client) == ["Members guide", "Module template", "Public leaflet", "Track slides"]
    client.logout()
    login(client, world["member"])
    page = client.get(reverse("materials:list")).content.decode()
    assert f'<a href="/materials/{handout.pk}/file/" download>' in page
    assert f"Download “handout.pdf” ({len(PDF)}\xa0bytes)" in page
    assert (
        '<a href="https://example.org/public-leaflet" rel="noopener noreferrer nofollow">' in page
    )


def test_filters_give_exact_results(client, world, curriculum):
    data_ai, governance = curriculum.topics
    world["materials"]["track"].topics.set([data_ai])
    world["materials"]["members"].topics.set([governance])
    ReferenceMaterial.objects.filter(title="Members guide").update(
        language="fr", kind=MaterialKind.EMAIL_TEMPLATE, description="Lettre type aux membres"
    )
    login(client, world["member"])
    curators, leaders = world["curators"].pk, world["leaders"].pk
    assert listed(client, topic=data_ai.pk) == ["Track slides"]
    assert listed(client, track=curators) == ["Cohort handout", "Module template", "Track slides"]
    assert listed(client, track=leaders) == []
    assert listed(client, language="fr") == ["Members guide"]
    assert listed(client, kind=MaterialKind.EMAIL_TEMPLATE) == ["Members guide"]
    assert listed(client, q="LETTRE membres") == ["Members guide"]
    assert listed(client, q="slides", track=curators) == ["Track slides"]
    # Values that fit no choice are shown as errors and left out, never a server error.
    response = client.get(reverse("materials:list"), {"track": str(2**63), "kind": "<script>"})
    assert sorted(response.context["form"].errors) == ["kind", "track"]
    assert len(response.context["materials"]) == 5
    assert b"<script>" not in response.content


def test_text_is_escaped_and_links_are_safe(client, world):
    material(
        "<script>alert(1)</script>",
        visibility=PUBLIC,
        region=world["europe"],
        description='<img src=x onerror="alert(2)">',
    )
    response = client.get(reverse("materials:list"))
    assert b"<script>alert(1)" not in response.content
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in response.content
    assert b"<img src=x" not in response.content


def test_library_query_count_does_not_grow(client, world, curriculum):
    login(client, world["member"])
    client.get(reverse("materials:list"))  # the first request of a session also updates it

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("materials:list")).status_code == 200
        return len(queries)

    ReferenceMaterial.objects.exclude(title__in=["Public leaflet", "Members guide"]).delete()
    for made in ReferenceMaterial.objects.all():
        made.topics.set(curriculum.topics)
        made.tracks.set([world["curators"], world["leaders"]])
    two = count_queries()
    for number in range(8):
        material(
            f"Extra {number}",
            visibility=MEMBERS,
            region=world["europe"],
            topics=curriculum.topics,
            tracks=[world["curators"], world["leaders"]],
        )
    assert ReferenceMaterial.objects.count() == 10
    assert count_queries() == two
    # Session, person, roles; language, topic and track choices; count, page and two
    # prefetches; the site menu's three.
    assert two == 13
