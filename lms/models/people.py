"""People and places: users, regions, affiliate unions, roles and consent."""

import zoneinfo
from functools import cache

from django.conf import global_settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from lms.enums import ConsentPurpose, StaffRole, UnionRole


@cache
def time_zone_choices():
    zones = sorted(
        z
        for z in zoneinfo.available_timezones()
        if "/" in z and not z.startswith(("Etc/", "SystemV/"))
    )
    return [("UTC", "UTC"), *[(z, z.replace("_", " ")) for z in zones]]


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})


# Base languages only (no regional variants): what a person reads, not a locale.
# Django's catalogues translate the names; global_settings only marks them.
LANGUAGE_CHOICES = [(code, _(name)) for code, name in global_settings.LANGUAGES if "-" not in code]


class Region(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


class Union(models.Model):
    """An affiliate union: the organisation that nominates participants."""

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    country = CountryField(_("country"))
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="unions"
    )
    website = models.URLField(_("website"), blank=True)
    contacts = models.ManyToManyField(
        "lms.User",
        verbose_name=_("contacts"),
        related_name="union_contact_for",
        blank=True,
        help_text=_("People who may nominate this union's members for cohorts."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("affiliate union")
        verbose_name_plural = _("affiliate unions")
        constraints = [
            models.UniqueConstraint(Lower("name"), "country", name="union_unique_name_per_country"),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class UserManager(DjangoUserManager):
    """Accounts are keyed by e-mail address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(
        _("full name"), max_length=150, help_text=_("As it should appear on a certificate.")
    )
    preferred_name = models.CharField(
        _("preferred name"), max_length=80, blank=True, help_text=_("What people call you.")
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=LANGUAGE_CHOICES, default="en"
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    union = models.ForeignKey(
        Union,
        verbose_name=_("affiliate union"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    union_role = models.CharField(
        _("role in the union"), max_length=20, choices=UnionRole.choices, blank=True
    )
    interpretation_needs = models.CharField(
        _("interpretation needs"),
        max_length=200,
        blank=True,
        help_text=_("Languages you need interpretation into, if any."),
    )
    accessibility_needs = models.TextField(
        _("accessibility needs"),
        max_length=1000,
        blank=True,
        help_text=_("Anything that helps you take part: captions, breaks, materials in advance…"),
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name", "email"]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        if self.preferred_name:
            return self.preferred_name
        return self.full_name.split(" ")[0] if self.full_name else self.email


class RoleAssignment(models.Model):
    """A staff role held by a person, in one region or (region empty) everywhere."""

    user = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=20, choices=StaffRole.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        help_text=_("Leave empty for a role that covers every region."),
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["role", "region__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "region"],
                condition=models.Q(region__isnull=False),
                name="role_unique_per_region",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(region__isnull=True),
                name="role_unique_everywhere",
            ),
            # Programme administrators act in every region; a regional one would be a lie.
            models.CheckConstraint(
                condition=~models.Q(role="programme_admin") | models.Q(region__isnull=True),
                name="programme_admin_everywhere",
            ),
        ]

    def __str__(self):
        where = self.region.name if self.region_id else _("all regions")
        return f"{self.get_role_display()} – {where}"


class ConsentRecord(models.Model):
    """One decision a person made about their data. Append-only: the latest wins."""

    user = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField(_("purpose"), max_length=30, choices=ConsentPurpose.choices)
    granted = models.BooleanField(_("granted"))
    notice_version = models.CharField(_("notice version"), max_length=20, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["-recorded_at", "-id"]

    def __str__(self):
        return f"{self.get_purpose_display()}: {'✓' if self.granted else '✗'}"


class Participant(User):
    """People as the participants area of the admin shows them (read-only, region-scoped).

    A proxy so that area has its own permission policy, separate from Wagtail's
    user admin.
    """

    class Meta:
        proxy = True
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
