"""Model clauses: their taxonomy, the regional workspaces they are drafted in, the library.

Pages, so that drafting uses Wagtail's own drafts, revisions, comparison, comments, locking,
workflows and scheduled publication. The tree is library → one workspace per region (the
global one is the "Global" region's) → clauses. Only live clauses are ever listed or served;
who may edit, lock and review inside a workspace is decided in `courses.domain.clauses`.
"""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Task
from wagtail.search import index

from lms.models.people import LANGUAGE_CHOICES

from .enums import ClauseType, Licence, ReviewStage, VariantLevel

# Numbered sub-clauses are ordered lists, nested for 4.2.1; no headings, images or embeds.
CLAUSE_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link"]
NOTE_FEATURES = ["bold", "italic", "ol", "ul", "link"]


class Theme(index.Indexed, models.Model):
    """A theme of the clause library, or a sub-theme when it has a parent."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("theme it belongs to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sub_themes",
        help_text=_("Leave empty for a main theme; choose one to make this a sub-theme."),
    )
    topics = models.ManyToManyField(
        "courses.Topic",
        verbose_name=_("curriculum topics"),
        blank=True,
        related_name="clause_themes",
        help_text=_("The key topics of the programme this theme belongs to."),
    )
    description = models.TextField(_("description"), blank=True, max_length=2000)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("parent"),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("description")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("clause theme")
        verbose_name_plural = _("clause themes")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")), name="theme_not_own_parent"
            )
        ]

    def __str__(self):
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.parent_id and (self.parent_id == self.pk or self.parent.parent_id):
            raise ValidationError(
                {"parent": _("Choose a main theme: sub-themes cannot have sub-themes.")}
            )
        if self.parent_id and self.pk and self.sub_themes.exists():
            raise ValidationError(
                {"parent": _("This theme has sub-themes, so it cannot become one itself.")}
            )


class Sector(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self):
        return self.name


class Jurisdiction(models.Model):
    """Where a clause's legal references apply: a country, the EU, the ILO's members…"""

    name = models.CharField(_("name"), max_length=120, unique=True)
    code = models.SlugField(_("code"), max_length=40, unique=True)

    panels = [FieldPanel("name"), FieldPanel("code")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("jurisdiction")
        verbose_name_plural = _("jurisdictions")

    def __str__(self):
        return self.name


class VariantValue(blocks.StructValue):
    @property
    def level_label(self):
        level = self.get("level")
        return VariantLevel(level).label if level in VariantLevel.values else ""


class VariantBlock(blocks.StructBlock):
    level = blocks.ChoiceBlock(label=_("Level"), choices=VariantLevel.choices)
    text = blocks.RichTextBlock(label=_("Text"), features=CLAUSE_TEXT_FEATURES)
    note = blocks.CharBlock(label=_("When to use it"), max_length=300, required=False)

    class Meta:
        icon = "list-ol"
        label = _("Variant")
        value_class = VariantValue


class LegalReferenceBlock(blocks.StructBlock):
    instrument = blocks.CharBlock(
        label=_("Instrument"),
        max_length=200,
        help_text=_("For example: General Data Protection Regulation, ILO Convention 190."),
    )
    provision = blocks.CharBlock(label=_("Article or provision"), max_length=100, required=False)
    url = blocks.URLBlock(label=_("Link"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Legal reference")


class SourceBlock(blocks.StructBlock):
    agreement = blocks.CharBlock(label=_("Agreement"), max_length=200)
    union = blocks.CharBlock(label=_("Union"), max_length=200, required=False)
    country = blocks.CharBlock(label=_("Country"), max_length=100, required=False)
    year = blocks.IntegerBlock(label=_("Year"), min_value=1900, max_value=2100, required=False)
    url = blocks.URLBlock(label=_("Link"), required=False)

    class Meta:
        icon = "link"
        label = _("Source agreement")


class AuthorBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Name as credited"), max_length=150)
    organisation = blocks.CharBlock(label=_("Organisation"), max_length=200, required=False)

    class Meta:
        icon = "user"
        label = _("Author")


class ClauseLibraryPage(RoutablePageMixin, Page):
    """The public library: search, facets, permanent links, packs, JSON and a feed."""

    introduction = RichTextField(_("introduction"), features=NOTE_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["lms.HomePage"]
    subpage_types = ["courses.ClauseWorkspacePage"]
    max_count = 1

    class Meta:
        verbose_name = _("clause library")

    def permissions_for_user(self, user):
        from .domain.clause_access import LibraryPermissionTester

        return LibraryPermissionTester(user, self)

    # Each route hands over to courses.views_clauses; this class only says where they live.
    def _view(self, name, request, *args, **kwargs):
        from . import views_clauses

        return getattr(views_clauses, name)(request, self, *args, **kwargs)

    @path("")
    def index_route(self, request):
        return self._view("library_index", request)

    @path("c/<int:clause_id>/")
    def permalink(self, request, clause_id):
        return self._view("permalink", request, clause_id)

    @path("pack/")
    def pack(self, request):
        return self._view("pack_view", request)

    @path("pack/docx/")
    def pack_docx(self, request):
        return self._view("pack_download", request, "docx")

    @path("pack/markdown/")
    def pack_markdown(self, request):
        return self._view("pack_download", request, "md")

    @path("api/clauses/")
    def api_list(self, request):
        return self._view("clause_list_json", request)

    @path("api/clauses/<int:clause_id>/")
    def api_detail(self, request, clause_id):
        return self._view("clause_json", request, clause_id)

    @path("feed/")
    def feed(self, request):
        return self._view("clause_feed", request)


class ClauseWorkspacePage(Page):
    """Where one region's curators draft; its clauses go live in the library when approved."""

    region = models.OneToOneField(
        "lms.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="clause_workspace",
    )
    guidance = RichTextField(
        _("guidance for curators"),
        features=NOTE_FEATURES,
        blank=True,
        help_text=_("Notes for the region's curators, kept in the admin; never shown publicly."),
    )

    content_panels = [*Page.content_panels, FieldPanel("region"), FieldPanel("guidance")]
    parent_page_types = ["courses.ClauseLibraryPage"]
    subpage_types = ["courses.ModelClausePage"]

    class Meta:
        verbose_name = _("clause workspace")

    def permissions_for_user(self, user):
        from .domain.clause_access import WorkspacePermissionTester

        return WorkspacePermissionTester(user, self)

    def serve(self, request, *args, **kwargs):
        from django.shortcuts import redirect

        # A workspace has no public face: its published clauses are the library's, by region.
        library = self.get_parent()
        return redirect(f"{library.url}?region={self.region.slug}")

    def get_sitemap_urls(self, request=None):
        return []


class ModelClausePage(Page):
    summary = models.CharField(
        _("summary"), max_length=300, help_text=_("One or two sentences shown in the library.")
    )
    clause_type = models.CharField(
        _("clause type"), max_length=20, choices=ClauseType.choices, default=ClauseType.CLAUSE
    )
    body = RichTextField(
        _("clause text"),
        features=CLAUSE_TEXT_FEATURES,
        help_text=_("Number sub-clauses with a numbered list; indent a list item for 1.1."),
    )
    variants = StreamField(
        [("variant", VariantBlock())],
        verbose_name=_("variants"),
        blank=True,
        help_text=_("Ideal, fallback and minimum wording for the bargaining table."),
    )
    rationale = RichTextField(_("rationale"), features=NOTE_FEATURES, blank=True)
    negotiation_notes = RichTextField(_("negotiation notes"), features=NOTE_FEATURES, blank=True)
    legal_references = StreamField(
        [("reference", LegalReferenceBlock())], verbose_name=_("legal references"), blank=True
    )
    sources = StreamField(
        [("source", SourceBlock())],
        verbose_name=_("sources"),
        blank=True,
        help_text=_("Real agreements this clause draws on."),
    )
    themes = ParentalManyToManyField(Theme, verbose_name=_("themes and sub-themes"), blank=True)
    sectors = ParentalManyToManyField(Sector, verbose_name=_("sectors"), blank=True)
    regions = ParentalManyToManyField(
        "lms.Region", verbose_name=_("regions it suits"), blank=True, related_name="+"
    )
    jurisdictions = ParentalManyToManyField(
        Jurisdiction, verbose_name=_("jurisdictions"), blank=True
    )
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES, default="en")
    translation_of = models.ForeignKey(
        "self",
        verbose_name=_("translation of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translations",
        help_text=_("The clause this one translates; versions in all languages are linked."),
    )
    translated_revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("translated from version"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    licence = models.CharField(
        _("licence"), max_length=20, choices=Licence.choices, default=Licence.CC_BY
    )
    authors = StreamField(
        [("author", AuthorBlock())], verbose_name=_("authors credited"), blank=True
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("clause_type"),
        FieldPanel("body"),
        FieldPanel("variants"),
        FieldPanel("rationale"),
        FieldPanel("negotiation_notes"),
        FieldPanel("legal_references"),
        FieldPanel("sources"),
        MultiFieldPanel(
            [
                FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
                FieldPanel("sectors", widget=forms.CheckboxSelectMultiple),
                FieldPanel("regions", widget=forms.CheckboxSelectMultiple),
                FieldPanel("jurisdictions", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Where it applies"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("language"), FieldPanel("licence")]),
                FieldPanel("translation_of"),
            ],
            heading=_("Language and licence"),
        ),
        FieldPanel("authors"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("variants"),
        index.SearchField("rationale"),
        index.SearchField("negotiation_notes"),
        index.SearchField("legal_references"),
        index.RelatedFields("themes", [index.SearchField("name")]),
        index.FilterField("clause_type"),
        index.FilterField("language"),
    ]

    parent_page_types = ["courses.ClauseWorkspacePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("model clause")
        verbose_name_plural = _("model clauses")

    def permissions_for_user(self, user):
        from .domain.clause_access import WorkspacePermissionTester

        return WorkspacePermissionTester(user, self)

    def clean(self):
        super().clean()
        from django.core.exceptions import ValidationError

        original = self.translation_of
        if original is None:
            return
        if original.pk == self.pk:
            raise ValidationError({"translation_of": _("A clause cannot translate itself.")})
        if original.translation_of_id:
            raise ValidationError(
                {"translation_of": _("Choose the original clause, not one of its translations.")}
            )
        if original.language == self.language:
            raise ValidationError(
                {"language": _("A translation must be in another language than the original.")}
            )

    def get_context(self, request, *args, **kwargs):
        from .domain.clause_library import clause_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(clause_page_context(self, request))
        return context

    def serve(self, request, *args, **kwargs):
        from .domain.clause_access import library_open_to

        if not library_open_to(request.user):
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        return super().serve(request, *args, **kwargs)

    def get_sitemap_urls(self, request=None):
        from .domain.clause_access import library_members_only

        return [] if library_members_only() else super().get_sitemap_urls(request)


class ClauseReviewTask(Task):
    """A review step for model clauses, decided by region and role rather than by group.

    Peer review: any curator except the person who submitted or last revised the clause.
    Approval: a coordinator of the clause's workspace region, or a programme administrator.
    """

    stage = models.CharField(_("stage"), max_length=20, choices=ReviewStage.choices)

    admin_form_fields = [*Task.admin_form_fields, "stage"]

    class Meta:
        verbose_name = _("clause review task")
        verbose_name_plural = _("clause review tasks")

    def _rules(self):
        from .domain import clause_review

        return clause_review

    def start(self, workflow_state, user=None):
        self._rules().review_start(task=self, workflow_state=workflow_state)
        return super().start(workflow_state, user=user)

    def user_can_access_editor(self, obj, user):
        return self._rules().review_can_edit(task=self, page=obj, user=user)

    def locked_for_user(self, obj, user):
        return not self._rules().review_can_edit(task=self, page=obj, user=user)

    def user_can_lock(self, obj, user):
        return self._rules().review_can_edit(task=self, page=obj, user=user)

    def user_can_unlock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        if not self._rules().review_may_decide(task=self, page=obj, user=user):
            return []
        return [
            ("reject", _("Request changes"), True),
            ("approve", _("Approve"), False),
            ("approve", _("Approve with comment"), True),
        ]

    def get_task_states_user_can_moderate(self, user, **kwargs):
        return self._rules().review_task_states(task=self, user=user)

    @classmethod
    def get_description(cls):
        return _(
            "Peer review by another curator, or approval by the region's coordinator or a "
            "programme administrator."
        )

    def __str__(self):
        return self.name
