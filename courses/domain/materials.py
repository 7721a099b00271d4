"""Reference materials: who may see them, and adding, changing and removing them.

One access rule, `materials_visible_to`: the staff who manage a material's region
(its coordinators, curators and facilitators; programme administrators for every
region and for programme-wide materials) see all of it; everyone else by the
material's visibility:

- the cohort's people: the confirmed participants and the staff of the cohorts of the
  sessions it is attached to (without sessions, only the managing staff see it);
- the track: the same people in any cohort of one of its tracks, a track being one it is
  attached to directly, through one of its modules or through one of its sessions;
- members: everyone signed in; public: everyone.

Only coordinators of the material's region and programme administrators make a material
public. Files are checked as practical submissions are (an allowed extension, content that
is what the extension says, not empty, within SUBMISSION_MAX_FILE_BYTES), from a shorter
list of types; nothing is written when a check fails.
"""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Left, Length
from django.utils.translation import gettext as _

from cohorts.domain.access import attendance_cohorts
from cohorts.domain.exceptions import AttendanceError
from cohorts.domain.practical import CheckedFile, safe_file_name, submission_file_check
from cohorts.enums import EnrolmentStatus, Visibility
from cohorts.models import Cohort, Enrolment
from cohorts.storage import delete_after_commit
from courses.enums import MaterialKind
from courses.models import ModulePage, ReferenceMaterial, TrackPage
from lms.domain.roles import coordinated_regions, is_programme_admin, staff_roles
from lms.enums import StaffRole
from lms.models import Region
from lms.models.people import LANGUAGE_CHOICES

MATERIAL_EXTENSIONS = ("pdf", "docx", "odt", "pptx", "odp", "xlsx", "ods", "txt", "md")
# Roles that see every material of their regions, and those of them that add materials.
STAFF_ROLES = (StaffRole.COORDINATOR, StaffRole.CURATOR, StaffRole.FACILITATOR)
EDITOR_ROLES = (StaffRole.COORDINATOR, StaffRole.CURATOR)

_TITLE_MAX = ReferenceMaterial._meta.get_field("title").max_length
_DESCRIPTION_MAX = ReferenceMaterial._meta.get_field("description").max_length
_URL_MAX = ReferenceMaterial._meta.get_field("url").max_length
_LANGUAGES = frozenset(code for code, _name in LANGUAGE_CHOICES)
_is_web_address = URLValidator(schemes=["http", "https"])


# --- Who sees what ---------------------------------------------------------------------------


def material_regions(user, *, roles=STAFF_ROLES) -> QuerySet[Region]:
    """Regions in which `user` holds one of `roles` (programme administrators: every one)."""
    if is_programme_admin(user):
        return Region.objects.all()
    held = staff_roles(user)
    region_ids = set().union(*(held.get(role, frozenset()) for role in roles))
    if None in region_ids:
        return Region.objects.all()
    return Region.objects.filter(pk__in=region_ids)


def materials_managed_by(user) -> QuerySet[ReferenceMaterial]:
    """Every material of the regions `user` manages (what the admin lists to them)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ReferenceMaterial.objects.none()
    if is_programme_admin(user):
        return ReferenceMaterial.objects.all()
    return ReferenceMaterial.objects.filter(region__in=material_regions(user))


def _modules_of(track_ids) -> QuerySet[ModulePage]:
    # A module is a child page of its track: its path is the track's plus one step.
    parent_path = Left("path", Length("path") - ModulePage.steplen)
    return (
        ModulePage.objects.annotate(parent_path=parent_path)
        .filter(parent_path__in=TrackPage.objects.filter(pk__in=track_ids).values("path"))
        .values("pk")
    )


def _attached_to_tracks(track_ids) -> Q:
    """Materials attached to one of the tracks, to one of their modules or to a session of
    one of their cohorts. Subqueries, not joins: each material comes once."""
    through = ReferenceMaterial
    direct = through.tracks.through.objects.filter(trackpage_id__in=track_ids)
    modules = through.modules.through.objects.filter(modulepage_id__in=_modules_of(track_ids))
    sessions = through.sessions.through.objects.filter(session__cohort__track_id__in=track_ids)
    return (
        Q(pk__in=direct.values("referencematerial_id"))
        | Q(pk__in=modules.values("referencematerial_id"))
        | Q(pk__in=sessions.values("referencematerial_id"))
    )


def materials_of_tracks(queryset: QuerySet, track_ids) -> QuerySet[ReferenceMaterial]:
    """`queryset` narrowed to the materials of the tracks (directly, by module or session)."""
    return queryset.filter(_attached_to_tracks(track_ids))


def materials_visible_to(user) -> QuerySet[ReferenceMaterial]:
    """Every material `user` may see and download: the one access rule (module docstring)."""
    public = Q(visibility=Visibility.PUBLIC)
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ReferenceMaterial.objects.filter(public)
    if is_programme_admin(user):
        return ReferenceMaterial.objects.all()
    places = Enrolment.objects.filter(user=user, status=EnrolmentStatus.APPROVED)
    cohorts = Cohort.objects.filter(
        Q(pk__in=places.values("cohort_id")) | Q(pk__in=attendance_cohorts(user).values("pk"))
    )
    sessions = ReferenceMaterial.sessions.through.objects.filter(session__cohort__in=cohorts)
    in_cohort = Q(visibility=Visibility.COHORT) & Q(pk__in=sessions.values("referencematerial_id"))
    in_track = Q(visibility=Visibility.TRACK) & _attached_to_tracks(cohorts.values("track_id"))
    signed_in = Q(visibility__in=(Visibility.MEMBERS, Visibility.PUBLIC))
    staff = Q(region__in=material_regions(user))
    return ReferenceMaterial.objects.filter(staff | signed_in | in_cohort | in_track)


# --- Checks ----------------------------------------------------------------------------------


def material_file_check(upload) -> CheckedFile:
    """`upload` checked for the library: one of MATERIAL_EXTENSIONS, then the practical
    part's checks (safe name, content matching the extension, not empty, not too large)."""
    name = safe_file_name(getattr(upload, "name", ""))
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    if extension not in MATERIAL_EXTENSIONS:
        raise AttendanceError(
            _("“%(name)s” is not a type of file the library takes. Allowed: %(types)s.")
            % {
                "name": name or _("(no name)"),
                "types": ", ".join(f".{ext}" for ext in MATERIAL_EXTENSIONS),
            },
            field="upload",
        )
    try:
        return submission_file_check(upload)
    except AttendanceError as error:
        raise AttendanceError(error.message, field="upload") from error


def _text(value, *, field: str, max_length: int, required: bool) -> str:
    value = (value or "").strip()
    if required and not value:
        raise AttendanceError(_("This field is required."), field=field)
    if len(value) > max_length:
        raise AttendanceError(_("At most %(max)d characters.") % {"max": max_length}, field=field)
    if "\x00" in value:
        raise AttendanceError(_("This text contains a character that is not allowed."), field=field)
    return value


def _link(url) -> str:
    url = (url or "").strip()
    if not url:
        return ""
    try:
        if len(url) > _URL_MAX:
            raise ValidationError("too long")
        _is_web_address(url)
    except ValidationError as error:
        raise AttendanceError(
            _("Enter a web address starting with https:// or http://."), field="url"
        ) from error
    return url


def _may_write(by, region: Region | None, action: str) -> None:
    if not getattr(by, "is_authenticated", False) or not by.has_perm(
        f"courses.{action}_referencematerial"
    ):
        raise AttendanceError(_("You cannot change reference materials."))
    if is_programme_admin(by):
        return
    if region is None:
        raise AttendanceError(
            _("Only programme administrators manage materials for the whole programme."),
            field="region",
        )
    if not material_regions(by, roles=EDITOR_ROLES).filter(pk=region.pk).exists():
        raise AttendanceError(_("You cannot manage materials of this region."), field="region")


def _fields(*, by, region, title, kind, language, visibility, description, sessions) -> dict:
    if kind not in MaterialKind.values:
        raise AttendanceError(_("Choose what kind of material it is."), field="kind")
    if language not in _LANGUAGES:
        raise AttendanceError(_("Choose the material's language."), field="language")
    if visibility not in Visibility.values:
        raise AttendanceError(_("Choose who may see it."), field="visibility")
    if visibility == Visibility.PUBLIC and not is_programme_admin(by):
        coordinated = region is not None and coordinated_regions(by).filter(pk=region.pk).exists()
        if not coordinated:
            raise AttendanceError(
                _("Only a coordinator of its region can make a material public."),
                field="visibility",
            )
    cohort_ids = {session.cohort_id for session in sessions}
    elsewhere = Cohort.objects.filter(pk__in=cohort_ids).exclude(region=region)
    if region is not None and cohort_ids and elsewhere.exists():
        raise AttendanceError(_("Choose sessions of the material's region only."), field="sessions")
    return {
        "title": _text(title, field="title", max_length=_TITLE_MAX, required=True),
        "description": _text(
            description, field="description", max_length=_DESCRIPTION_MAX, required=False
        ),
        "kind": kind,
        "language": language,
        "visibility": visibility,
        "region": region,
    }


def _store(material: ReferenceMaterial, checked: CheckedFile) -> str:
    checked.upload.seek(0)
    material.file.save("upload", checked.upload, save=False)
    material.original_name = checked.original_name
    material.content_type = checked.content_type
    material.file_size = checked.size
    material.url = ""
    return material.file.name


def _link_to(material, *, topics, tracks, modules, sessions) -> None:
    material.topics.set(topics)
    material.tracks.set(tracks)
    material.modules.set(modules)
    material.sessions.set(sessions)


# --- Writes ----------------------------------------------------------------------------------


def material_create(
    *,
    by,
    title: str,
    kind: str,
    language: str,
    visibility: str,
    region: Region | None = None,
    description: str = "",
    upload=None,
    url: str = "",
    topics=(),
    tracks=(),
    modules=(),
    sessions=(),
) -> ReferenceMaterial:
    """Add a material: a file (`upload`) or a link (`url`), never both, in `region` (None:
    programme-wide), by someone who manages materials there."""
    _may_write(by, region, "add")
    sessions = list(sessions)
    fields = _fields(
        by=by,
        region=region,
        title=title,
        kind=kind,
        language=language,
        visibility=visibility,
        description=description,
        sessions=sessions,
    )
    url = _link(url)
    if upload is not None and url:
        raise AttendanceError(_("Give either a file or a link, not both."), field="url")
    if upload is None and not url:
        raise AttendanceError(_("Upload a file or give a link."), field="upload")
    checked = material_file_check(upload) if upload is not None else None
    material = ReferenceMaterial(**fields, url=url, uploaded_by=by)
    stored = ""
    try:
        with transaction.atomic():
            if checked is not None:
                stored = _store(material, checked)
            material.save()
            _link_to(material, topics=topics, tracks=tracks, modules=modules, sessions=sessions)
    except BaseException:
        # The database rolls back by itself; the disk has to be tidied by hand.
        if stored:
            material.file.storage.delete(stored)
        raise
    return material


def material_update(
    *,
    material: ReferenceMaterial,
    by,
    title: str,
    kind: str,
    language: str,
    visibility: str,
    region: Region | None = None,
    description: str = "",
    upload=None,
    url: str = "",
    topics=(),
    tracks=(),
    modules=(),
    sessions=(),
) -> ReferenceMaterial:
    """Change a material. A new `upload` replaces its file; a `url` without one turns it into
    a link; neither keeps its file. Only in regions `by` manages, and it cannot be moved out
    of them. A replaced file is deleted once the change is committed."""
    _may_write(by, region, "change")
    sessions = list(sessions)
    fields = _fields(
        by=by,
        region=region,
        title=title,
        kind=kind,
        language=language,
        visibility=visibility,
        description=description,
        sessions=sessions,
    )
    url = _link(url)
    if upload is not None and url:
        raise AttendanceError(
            _("Give either a file or a link, not both: clear the link to use the file."),
            field="url",
        )
    checked = material_file_check(upload) if upload is not None else None
    stored = ""
    try:
        with transaction.atomic():
            locked = ReferenceMaterial.objects.select_for_update().get(pk=material.pk)
            _may_write(by, locked.region, "change")
            previous = locked.file.name
            if checked is None and not url and not previous:
                raise AttendanceError(_("Upload a file or give a link."), field="upload")
            for name, value in fields.items():
                setattr(locked, name, value)
            if checked is not None:
                stored = _store(locked, checked)
            elif url:
                locked.file, locked.original_name, locked.content_type = "", "", ""
                locked.file_size = None
                locked.url = url
            locked.save()
            _link_to(locked, topics=topics, tracks=tracks, modules=modules, sessions=sessions)
            if previous and previous != locked.file.name:
                delete_after_commit([previous])
    except BaseException:
        if stored:
            locked.file.storage.delete(stored)
        raise
    return locked


def material_delete(*, material: ReferenceMaterial, by) -> None:
    """Remove a material; its file goes once the removal is committed."""
    with transaction.atomic():
        locked = ReferenceMaterial.objects.select_for_update().get(pk=material.pk)
        _may_write(by, locked.region, "delete")
        name = locked.file.name
        locked.delete()
        if name:
            delete_after_commit([name])
