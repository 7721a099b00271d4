"""Who may apply to which track, and which cohorts accept applications now."""

from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.enums import ENROLLING_COHORT_STATUSES
from cohorts.models import Cohort, Nomination
from courses.enums import TrackKind
from lms.domain.addresses import verified_addresses_of
from lms.enums import UnionRole

# The union roles each track is meant for; the curators' track is by nomination only.
TRACK_ROLES = {
    TrackKind.LEADER: frozenset({UnionRole.LEADER}),
    TrackKind.REPRESENTATIVE: frozenset(
        {UnionRole.WORKPLACE_REPRESENTATIVE, UnionRole.UNION_STAFF}
    ),
}


def nomination_for(*, cohort: Cohort, email: str) -> Nomination | None:
    """The nomination of `email` for `cohort`, if there is one (whoever holds the address)."""
    return (
        Nomination.objects.annotate(email_lower=Lower("email"))
        .filter(cohort=cohort, email_lower=email.lower())
        .first()
    )


def nominations_of_person(user):
    """`user`'s nominations: those addressed to an address they have verified.

    An address typed at sign-up proves nothing until its link is followed, so a
    nomination never goes to whoever merely claims its address.
    """
    return (
        Nomination.objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in=verified_addresses_of(user))
        .order_by("created_at", "id")
    )


def nomination_of_person(*, cohort: Cohort, user) -> Nomination | None:
    """`user`'s nomination for `cohort`, if there is one (see `nominations_of_person`)."""
    return nominations_of_person(user).filter(cohort=cohort).first()


def eligibility_problem(*, cohort: Cohort, user, nomination: Nomination | None) -> str | None:
    """Why `user` may not join `cohort`'s track, or None when they may.

    A coordinator's nomination with an override reason admits anyone; a union's
    nomination admits people to the curators' track.
    """
    if nomination is not None and nomination.eligibility_override:
        return None
    kind = cohort.track.kind
    if kind == TrackKind.CURATOR:
        if nomination is None:
            return _(
                "The digital curators' track is by nomination: ask your union or your "
                "regional coordinator to nominate you."
            )
        return None
    allowed = TRACK_ROLES.get(kind)
    if allowed is not None and user.union_role not in allowed:
        if kind == TrackKind.LEADER:
            return _(
                "The union leaders' track is for elected leaders and senior officers. If your "
                "role in the union is one of these, update it in your profile; otherwise your "
                "coordinator can admit you."
            )
        return _(
            "The workplace representatives' track is for workplace representatives and union "
            "staff. If your role in the union is one of these, update it in your profile; "
            "otherwise your coordinator can admit you."
        )
    return None


def enrolment_window_problem(*, cohort: Cohort, now=None) -> str | None:
    """Why `cohort` does not accept applications now, or None when it does."""
    now = now or timezone.now()
    if cohort.status not in ENROLLING_COHORT_STATUSES:
        return _("This cohort is not open for enrolment.")
    if cohort.enrolment_opens_at and now < cohort.enrolment_opens_at:
        return _("Enrolment for this cohort has not opened yet.")
    if cohort.enrolment_closes_at and now >= cohort.enrolment_closes_at:
        return _("Enrolment for this cohort has closed.")
    return None
