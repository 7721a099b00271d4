from django.db import models
from django.utils.translation import gettext_lazy as _


class UnionRole(models.TextChoices):
    LEADER = "leader", _("Elected leader or senior officer")
    WORKPLACE_REPRESENTATIVE = "representative", _("Workplace representative")
    UNION_STAFF = "staff", _("Union staff")
    ACTIVIST = "activist", _("Activist or member")


class StaffRole(models.TextChoices):
    """Roles that give powers beyond those of a participant.

    Everyone with an account is a participant; these are granted on top.
    """

    PROGRAMME_ADMIN = "programme_admin", _("Programme administrator")
    COORDINATOR = "coordinator", _("Regional coordinator")
    CURATOR = "curator", _("Curator")
    FACILITATOR = "facilitator", _("Facilitator")


class ConsentPurpose(models.TextChoices):
    PRIVACY_NOTICE = "privacy_notice", _("Processing of my data as the privacy notice describes")
    RECORDING = "recording", _("Being recorded in seminars")
    PROGRAMME_NEWS = "programme_news", _("E-mail news about the programme")
