"""Storage for private uploads: outside MEDIA_ROOT, never given a public URL.

Files here are served only by permission-checked views. The location is read
from settings on every use, so a deployment (or a test) can move it.
"""

import logging

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.utils.deconstruct import deconstructible

logger = logging.getLogger(__name__)


@deconstructible
class PrivateStorage(FileSystemStorage):
    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        import os

        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a checked view.")


private_storage = PrivateStorage()


def delete_private_files(names) -> None:
    """Delete these private files now; a file that cannot be deleted is logged, not raised,
    so one stuck file does not keep the others."""
    for name in names:
        try:
            private_storage.delete(name)
        except OSError:
            logger.exception("Could not delete the private file %s", name)


def delete_after_commit(names) -> None:
    """Delete these private files once the transaction commits: a rollback must not leave a
    row without its file."""
    names = list(names)
    if names:
        transaction.on_commit(lambda: delete_private_files(names), robust=True)
