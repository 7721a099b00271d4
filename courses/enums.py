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


class ClauseType(models.TextChoices):
    CLAUSE = "clause", _("Model clause")
    CO_GOVERNANCE = "co_governance", _("Co-governance model")
    CHECKLIST = "checklist", _("Checklist")


class VariantLevel(models.TextChoices):
    IDEAL = "ideal", _("Ideal")
    FALLBACK = "fallback", _("Fallback")
    MINIMUM = "minimum", _("Minimum")


class Licence(models.TextChoices):
    CC_BY = "cc-by-4.0", _("Creative Commons Attribution 4.0")
    CC_BY_SA = "cc-by-sa-4.0", _("Creative Commons Attribution-ShareAlike 4.0")
    CC0 = "cc0-1.0", _("Public domain (CC0 1.0)")


class ReviewStage(models.TextChoices):
    PEER = "peer", _("Peer review by another curator")
    APPROVAL = "approval", _("Approval by a coordinator or programme administrator")
