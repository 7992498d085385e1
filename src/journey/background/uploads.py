"""Uploads are limited (JOURNEY_MAX_UPLOAD_MB) before anything is kept of them.

Django spools an upload over FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file, so a file near
the limit never sits in memory, and the form refuses one over it by its size. A file far over
the limit is not kept at all: `LimitedUploadHandler`, first of FILE_UPLOAD_HANDLERS, drops its
content as it arrives and hands the form only its name and size, so the form says "The file
must be smaller than 50 MB" and nothing was written anywhere.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers

#: Room for the form's other fields and the multipart boundaries, beyond the file itself.
SLACK = 1024 * 1024


class DroppedUpload(UploadedFile):
    """A file dropped as it arrived for being far over the limit: its name and size only."""

    def __init__(self, name: str, content_type: str, size: int, charset, content_type_extra):
        super().__init__(io.BytesIO(), name, content_type, size, charset, content_type_extra)


class LimitedUploadHandler(FileUploadHandler):
    """Passes uploads on to the usual handlers, unless the request is far over the limit."""

    def __init__(self, request=None):
        super().__init__(request)
        self.limit = settings.JOURNEY_MAX_UPLOAD_MB * 1024 * 1024 + SLACK
        self.dropping = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.dropping = bool(content_length) and content_length > self.limit

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        if self.dropping:
            raise StopFutureHandlers  # no temporary file is opened for it

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        # A body that gave no length, or understated it, is dropped once it passes the limit.
        self.dropping = self.dropping or start + len(raw_data) > self.limit
        return None if self.dropping else raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if not self.dropping:
            return None
        return DroppedUpload(
            self.file_name, self.content_type, file_size, self.charset, self.content_type_extra
        )
