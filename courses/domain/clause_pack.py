"""A bargaining pack: clauses a visitor picks in the library, kept in their session.

Sessions work for visitors who are not signed in, so anyone may build a pack; only ids are
stored, and whatever is no longer live when the pack is read is dropped from it.
"""

from django.conf import settings
from django.utils.translation import gettext as _

from .clause_access import published_clauses

SESSION_KEY = "clause_pack"


class PackError(Exception):
    """A pack change that was refused; the message is for the visitor."""


def pack_ids(request) -> list[int]:
    raw = request.session.get(SESSION_KEY)
    if not isinstance(raw, list):
        return []
    ids = [value for value in raw if type(value) is int and 0 < value < 2**31]
    return ids[: settings.CLAUSE_PACK_MAX]


def _store(request, ids):
    request.session[SESSION_KEY] = ids


def pack_add(request, *, clause_id: int):
    """Add a live clause; refuses unknown or unpublished ids and a full pack."""
    ids = pack_ids(request)
    clause = published_clauses().filter(pk=clause_id).only("id", "title").first()
    if clause is None:
        raise PackError(_("That clause is not in the library."))
    if clause.pk in ids:
        return clause
    if len(ids) >= settings.CLAUSE_PACK_MAX:
        raise PackError(
            _("A pack holds at most %(count)d clauses. Remove one to add another.")
            % {"count": settings.CLAUSE_PACK_MAX}
        )
    _store(request, [*ids, clause.pk])
    return clause


def pack_remove(request, *, clause_id: int) -> bool:
    """Take a clause out of the pack; False if it was not in it."""
    ids = pack_ids(request)
    if clause_id not in ids:
        return False
    _store(request, [pk for pk in ids if pk != clause_id])
    return True


def pack_move(request, *, clause_id: int, offset: int) -> bool:
    """Move a clause up (-1) or down (+1) in the pack; False if it is not in the pack.

    Moving the first clause up or the last one down leaves the pack as it is."""
    ids = pack_ids(request)
    if clause_id not in ids or offset not in (-1, 1):
        return False
    index = ids.index(clause_id)
    target = index + offset
    if 0 <= target < len(ids):
        ids[index], ids[target] = ids[target], ids[index]
        _store(request, ids)
    return True


def pack_clear(request) -> None:
    _store(request, [])


def pack_clauses(request):
    """The pack's live clauses, in the order the visitor arranged them."""
    ids = pack_ids(request)
    if not ids:
        return []
    clauses = (
        published_clauses()
        .filter(pk__in=ids)
        .prefetch_related("themes", "sectors", "regions", "jurisdictions")
    )
    by_id = {clause.pk: clause for clause in clauses}
    return [by_id[pk] for pk in ids if pk in by_id]
