"""Reference materials: documents, slides, facilitator kits, e-mail templates, how-to guides.

A material is an uploaded file (private storage, random name) or a link, attached to topics,
tracks, modules and sessions. Who may see it is decided in `courses.domain.materials`; the
region says whose coordinators manage it (none: the programme's administrators).
"""

import uuid

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cohorts.enums import Visibility
from cohorts.storage import private_storage
from lms.models.people import LANGUAGE_CHOICES

from .enums import MaterialKind


def _material_path(instance, filename):
    # Never the uploaded name: no path tricks, nothing to guess.
    return f"materials/{uuid.uuid4().hex}"


class ReferenceMaterial(models.Model):
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=MaterialKind.choices)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES)
    file = models.FileField(
        _("file"), upload_to=_material_path, storage=private_storage, max_length=200, blank=True
    )
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    file_size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True)
    content_type = models.CharField(_("file type"), max_length=100, blank=True)
    url = models.URLField(
        _("link"),
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("Instead of a file: an address starting with https:// or http://."),
    )
    topics = models.ManyToManyField(
        "courses.Topic", verbose_name=_("topics"), blank=True, related_name="reference_materials"
    )
    tracks = models.ManyToManyField(
        "courses.TrackPage",
        verbose_name=_("tracks"),
        blank=True,
        related_name="reference_materials",
    )
    modules = models.ManyToManyField(
        "courses.ModulePage",
        verbose_name=_("modules"),
        blank=True,
        related_name="reference_materials",
    )
    sessions = models.ManyToManyField(
        "cohorts.Session",
        verbose_name=_("sessions"),
        blank=True,
        related_name="reference_materials",
    )
    visibility = models.CharField(
        _("who may see it"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.COHORT,
        help_text=_(
            "“The cohort's people” are those of the cohorts of the sessions chosen below; "
            "without sessions, only the staff who manage the material see it."
        ),
    )
    region = models.ForeignKey(
        "lms.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reference_materials",
        help_text=_(
            "Its coordinators manage the material. Leave empty for the whole programme "
            "(managed by programme administrators)."
        ),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("reference material")
        verbose_name_plural = _("reference materials")
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(~Q(file="") & Q(url="")) | (Q(file="") & ~Q(url="")),
                name="material_is_a_file_or_a_link",
            ),
        ]
        indexes = [models.Index(fields=["visibility", "region"])]

    def __str__(self):
        return self.title
