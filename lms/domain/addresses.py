"""Decisions made by e-mail address count only addresses their owner has verified.

Anyone can sign up with any address; until the link sent to it is followed, the account
says nothing about who owns the address. So a nomination, a union contact, a role given
by address, a make-up guest or a line of a video-call report is matched to a person only
through an allauth `EmailAddress` row that is itself verified: not the account's
`email` field, and not "the person has some other verified address".

An account whose address was never verified and which holds no role is a sign-up
nobody has finished: it must not keep the address from its owner. A
new sign-up with that address replaces it (`pending_signups_release`), and a password
reset for it is answered like one for an unknown address (with a link to sign up).
"""

from allauth.account.models import EmailAddress
from django.db.models import Exists, OuterRef, Q, QuerySet

from lms.enums import ConsentPurpose
from lms.models import User


def verified_account_for(email: str) -> User | None:
    """The active account whose verified address is `email`, or None."""
    if not email:
        return None
    row = (
        EmailAddress.objects.filter(
            email__iexact=email.strip(), verified=True, user__is_active=True
        )
        .select_related("user")
        .first()
    )
    return row.user if row is not None else None


def verified_addresses_of(user: User) -> list[str]:
    """`user`'s verified addresses, lower-cased."""
    if user is None or not user.pk:
        return []
    return [
        email.lower()
        for email in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    ]


def with_verified_primary_address(users: QuerySet) -> QuerySet:
    """`users` narrowed to people whose own address (`User.email`) is verified."""
    return users.filter(
        Exists(
            EmailAddress.objects.filter(
                user=OuterRef("pk"), email__iexact=OuterRef("email"), verified=True
            )
        )
    )


def pending_signups(email: str) -> QuerySet:
    """Accounts holding `email` that nobody has finished signing up for.

    Never verified any address (so never signed in through allauth, which requires it),
    no staff role, not an administrator, and created by the sign-up form (which records
    the privacy consent): an account an administrator made for someone is not replaced
    by a stranger's sign-up.
    """
    holding = Q(email__iexact=email) | Q(emailaddress__email__iexact=email)
    return (
        User.objects.filter(holding, is_superuser=False, is_staff=False)
        .exclude(emailaddress__verified=True)
        .exclude(role_assignments__isnull=False)
        .filter(consents__purpose=ConsentPurpose.PRIVACY_NOTICE)
        .distinct()
    )


def pending_signups_release(email: str) -> int:
    """Delete the unfinished sign-ups holding `email` (see `pending_signups`); returns how many.

    Nominations and other records addressed to `email` stay: they belong to the address's
    owner, not to whoever typed it.
    """
    from lms.domain.people import person_discard

    released = 0
    for user in pending_signups(email):
        person_discard(user=user)
        released += 1
    return released
