"""Private storage for the files people upload or ask for: under MEDIA_ROOT, which nothing
serves. A file leaves only through the background views, to the person who asked for it."""

from __future__ import annotations

from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """MEDIA_ROOT (read when used, so tests can move it), with no public address."""

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no public address: serve them through a view.")


def private_storage() -> PrivateStorage:
    return PrivateStorage()
