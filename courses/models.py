"""The curriculum: topics, the programme, its tracks and their modules (one per seminar)."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import MODULE_TEXT_FEATURES, AgendaBlock, MaterialsBlock
from .enums import TrackKind
from .forms import ModulePageForm
from .models_clauses import (  # noqa: F401 - Django finds the models here
    ClauseLibraryPage,
    ClauseReviewTask,
    ClauseWorkspacePage,
    Jurisdiction,
    ModelClausePage,
    Sector,
    Theme,
)
from .models_materials import ReferenceMaterial  # noqa: F401 - Django finds the model here


class Topic(index.Indexed, models.Model):
    """One of the programme's key topics; regions adapt them, editors may add more."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)

    panels = [
        FieldPanel("number"),
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("description"),
    ]
    search_fields = [index.SearchField("title"), index.SearchField("description")]

    class Meta:
        ordering = ["number"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return f"{self.number}. {self.title}"


class ProgrammePage(Page):
    introduction = models.CharField(_("introduction"), max_length=400, blank=True)
    body = RichTextField(_("description"), features=["h2", "h3", *MODULE_TEXT_FEATURES], blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    parent_page_types = ["lms.HomePage"]
    subpage_types = ["courses.TrackPage"]

    class Meta:
        verbose_name = _("programme")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["tracks"] = TrackPage.objects.child_of(self).live().public().order_by("path")
        context["topics"] = Topic.objects.all()
        return context


class TrackPage(Page):
    kind = models.CharField(_("track"), max_length=20, choices=TrackKind.choices)
    introduction = models.CharField(_("introduction"), max_length=400, blank=True)
    audience = RichTextField(_("who it is for"), features=MODULE_TEXT_FEATURES)
    learning_outcomes = RichTextField(_("learning outcomes"), features=MODULE_TEXT_FEATURES)
    seminar_count = models.PositiveSmallIntegerField(
        _("number of seminars"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    seminar_minutes = models.PositiveSmallIntegerField(
        _("length of each seminar (minutes)"),
        default=180,
        validators=[MinValueValidator(30), MaxValueValidator(480)],
    )
    practical_part = RichTextField(
        _("practical part"),
        features=MODULE_TEXT_FEATURES,
        help_text=_("The assignment participants complete between or after the seminars."),
    )
    outcomes_after = RichTextField(
        _("what participants go on to do"), features=MODULE_TEXT_FEATURES, blank=True
    )
    prerequisite = models.ForeignKey(
        "self",
        verbose_name=_("comes after"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The track that should run before this one in each region."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("introduction"),
        FieldPanel("audience"),
        FieldPanel("learning_outcomes"),
        MultiFieldPanel(
            [FieldPanel("seminar_count"), FieldPanel("seminar_minutes")], heading=_("Format")
        ),
        FieldPanel("practical_part"),
        FieldPanel("outcomes_after"),
        FieldPanel("prerequisite"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("audience"),
        index.SearchField("learning_outcomes"),
        index.SearchField("practical_part"),
        index.FilterField("kind"),
    ]

    parent_page_types = ["courses.ProgrammePage"]
    subpage_types = ["courses.ModulePage"]

    class Meta:
        verbose_name = _("track")

    @property
    def seminar_hours(self):
        hours = self.seminar_minutes / 60
        return int(hours) if hours.is_integer() else round(hours, 1)

    def clean(self):
        super().clean()
        if self.prerequisite_id and self.pk and self.prerequisite_id == self.pk:
            raise ValidationError({"prerequisite": _("A track cannot come after itself.")})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["modules"] = (
            ModulePage.objects.child_of(self).live().public().order_by("number", "path")
        )
        return context


class ModulePage(Page):
    """One seminar's plan within a track."""

    number = models.PositiveSmallIntegerField(
        _("seminar number"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    summary = models.CharField(_("summary"), max_length=400, blank=True)
    topics = ParentalManyToManyField(Topic, verbose_name=_("topics"), blank=True)
    objectives = RichTextField(_("objectives"), features=MODULE_TEXT_FEATURES)
    agenda = StreamField(AgendaBlock(), verbose_name=_("agenda"), blank=True)
    materials = StreamField(MaterialsBlock(), verbose_name=_("reference materials"), blank=True)
    facilitator_notes = RichTextField(
        _("facilitator notes"),
        features=MODULE_TEXT_FEATURES,
        blank=True,
        help_text=_("Only facilitators, curators and coordinators see these notes."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("number"),
        FieldPanel("summary"),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        FieldPanel("objectives"),
        FieldPanel("agenda"),
        FieldPanel("materials"),
        FieldPanel("facilitator_notes"),
    ]
    # Facilitator notes are deliberately not indexed: search results are public.
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("objectives"),
        index.SearchField("agenda"),
        index.RelatedFields("topics", [index.SearchField("title")]),
    ]

    parent_page_types = ["courses.TrackPage"]
    subpage_types = []
    base_form_class = ModulePageForm

    class Meta:
        verbose_name = _("module")

    @property
    def agenda_minutes(self):
        return sum(block.value["minutes"] for block in self.agenda)

    def get_context(self, request, *args, **kwargs):
        from lms.domain.roles import can_see_facilitator_notes

        context = super().get_context(request, *args, **kwargs)
        context["track"] = self.get_parent().specific
        context["show_facilitator_notes"] = can_see_facilitator_notes(request.user)
        context["page_topics"] = list(self.topics.all())
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # The page differs by viewer (facilitator notes): never let a shared
        # cache hand one person's version to another.
        if request.user.is_authenticated:
            patch_cache_control(response, private=True)
        return response
