"""What the delivery admin views share: reading row ids from URLs and forms, finding a row
only among those the viewer may see, and menu items shown only to people with a use for them."""

from django.http import Http404
from wagtail.admin.menu import MenuItem

# Largest value of a 64-bit signed primary key; anything above is not an id.
MAX_ID = 2**63 - 1


def parse_id(value) -> int | None:
    """`value` as a row id (1 to 2**63 - 1), or None when it cannot be one."""
    value = str(value).strip()
    if not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


def row_or_404(queryset, raw_pk):
    """The row of `queryset` (already narrowed to what the viewer may see) with the id in
    `raw_pk`; 404 for anything else, so a row outside the viewer's scope does not exist."""
    pk = parse_id(raw_pk)
    row = queryset.filter(pk=pk).first() if pk else None
    if row is None:
        raise Http404
    return row


class ScopedMenuItem(MenuItem):
    """A menu item shown to people for whom `has_scope(user)` finds something to work on."""

    def __init__(self, *args, has_scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_scope = has_scope

    def is_shown(self, request):
        return self.has_scope(request.user).exists()
