from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

from .enums import AgendaItemKind

MODULE_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]


class AgendaItemValue(blocks.StructValue):
    @property
    def kind_label(self):
        return AgendaItemKind(self["kind"]).label if self["kind"] in AgendaItemKind.values else ""


class AgendaItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=150)
    kind = blocks.ChoiceBlock(label=_("Kind"), choices=AgendaItemKind.choices)
    minutes = blocks.IntegerBlock(label=_("Minutes"), min_value=5, max_value=180)
    description = blocks.RichTextBlock(
        label=_("Description"), features=MODULE_TEXT_FEATURES, required=False
    )

    class Meta:
        icon = "time"
        label = _("Agenda item")
        value_class = AgendaItemValue


class DocumentMaterialBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    description = blocks.CharBlock(label=_("Description"), max_length=250, required=False)
    language = blocks.CharBlock(label=_("Language"), max_length=40, required=False)

    class Meta:
        icon = "doc-full"
        label = _("Document")


class LinkMaterialBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=150)
    url = blocks.URLBlock(label=_("Address"))
    description = blocks.CharBlock(label=_("Description"), max_length=250, required=False)
    language = blocks.CharBlock(label=_("Language"), max_length=40, required=False)

    class Meta:
        icon = "link"
        label = _("Link")


class MaterialsBlock(blocks.StreamBlock):
    document = DocumentMaterialBlock()
    link = LinkMaterialBlock()


class AgendaBlock(blocks.StreamBlock):
    item = AgendaItemBlock()
