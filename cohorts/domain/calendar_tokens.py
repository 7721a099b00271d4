"""Secret links to a person's own calendar feed: issue, revoke, resolve.

The raw token exists only in the link given to its owner; the database keeps
its SHA-256. Looking a token up by its hash means the comparison happens in a
unique index on a value the caller cannot steer, so response times tell an
attacker nothing about how close a guess was.
"""

import hashlib
import secrets

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cohorts.models import CalendarToken

# secrets.token_urlsafe(32) gives 43 characters; anything far off is not ours.
TOKEN_MIN_LENGTH = 20
TOKEN_MAX_LENGTH = 100


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def calendar_token_issue(*, user) -> str:
    """Give `user` a new calendar token, revoking any earlier one; return it (shown once)."""
    User = get_user_model()
    raw = secrets.token_urlsafe(32)
    with transaction.atomic():
        # Serialise concurrent issues for one person; the partial unique
        # constraint backs this up where the database cannot lock rows.
        User.objects.select_for_update().filter(pk=user.pk).first()
        CalendarToken.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        CalendarToken.objects.create(user=user, token_hash=_hash(raw))
    return raw


def calendar_token_revoke(*, user) -> int:
    """Stop every active calendar link of `user`; returns how many were stopped."""
    return CalendarToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def calendar_token_active(user) -> CalendarToken | None:
    """The person's active token record (never the raw token), if any."""
    return CalendarToken.objects.filter(user=user, revoked_at__isnull=True).first()


def calendar_token_user(raw: str):
    """The active person an active `raw` token belongs to, or None. One query."""
    if not raw or not TOKEN_MIN_LENGTH <= len(raw) <= TOKEN_MAX_LENGTH:
        return None
    token = (
        CalendarToken.objects.select_related("user")
        .filter(token_hash=_hash(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    return token.user if token else None
