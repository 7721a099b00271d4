"""Editorial pages of the site: the home page and plain standard pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(label=_("Heading"), form_classname="title", max_length=120)
    paragraph = blocks.RichTextBlock(label=_("Paragraph"), features=RICH_TEXT_FEATURES)
    notice = blocks.StructBlock(
        [
            ("title", blocks.CharBlock(label=_("Title"), max_length=120)),
            ("text", blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)),
        ],
        label=_("Notice box"),
        template="blocks/notice.html",
    )


class HomePage(Page):
    introduction = models.CharField(_("introduction"), max_length=300, blank=True)
    body = RichTextField(_("body"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["courses.ProgrammePage", "courses.ClauseLibraryPage", "lms.StandardPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from courses.models import ProgrammePage

        context = super().get_context(request, *args, **kwargs)
        context["programmes"] = (
            ProgrammePage.objects.child_of(self).live().public().specific().order_by("path")
        )
        return context


class StandardPage(Page):
    """Privacy notice, about, contact and other plain pages."""

    introduction = models.CharField(_("introduction"), max_length=300, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    last_reviewed = models.DateField(
        _("last reviewed"),
        null=True,
        blank=True,
        help_text=_("Shown on policy pages such as the privacy notice."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("body"),
        FieldPanel("last_reviewed"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    parent_page_types = ["lms.HomePage", "lms.StandardPage"]
    subpage_types = ["lms.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
