from django.db import models
from django.utils.translation import gettext_lazy as _


class TrackKind(models.TextChoices):
    CURATOR = "curator", _("Digital curators")
    LEADER = "leader", _("Union leaders")
    REPRESENTATIVE = "representative", _("Workplace representatives and union staff")


class AgendaItemKind(models.TextChoices):
    PRESENTATION = "presentation", _("Presentation")
    DISCUSSION = "discussion", _("Discussion")
    GROUP_WORK = "group_work", _("Group work")
    EXERCISE = "exercise", _("Exercise")
    BREAK = "break", _("Break")
    PRACTICAL = "practical", _("Practical part")


class MaterialKind(models.TextChoices):
    DOCUMENT = "document", _("Document")
    SLIDES = "slides", _("Slides")
    FACILITATOR_KIT = "facilitator_kit", _("Facilitator kit")
    EMAIL_TEMPLATE = "email_template", _("E-mail template")
    HOW_TO = "how_to", _("How-to guide")
