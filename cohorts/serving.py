"""Sending private files once a view has decided who may have them.

With PRIVATE_MEDIA_ACCEL_PREFIX set (behind nginx), the answer is an X-Accel-Redirect and
nginx sends the bytes, ranges included. Otherwise Django streams the file and answers
single HTTP Range requests itself, so players can seek. Every answer is private to the
person asking: `Cache-Control: private, no-store`, no sniffing, no scripts.
"""

import re

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header

# At most 19 digits: a 64-bit size; longer numbers are not ranges of any file here.
_RANGE = re.compile(r"^bytes=(\d{0,19})-(\d{0,19})$")
CHUNK = 64 * 1024


def _byte_range(header: str, size: int):
    """(start, end) inclusive for a single satisfiable range; None to send the whole file;
    False when the range cannot be satisfied."""
    match = _RANGE.match(header.strip()) if header else None
    if match is None:
        # No range, or several ranges (which a plain 200 answers correctly).
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:
        length = int(last)
        if length == 0:
            return False
        return max(size - length, 0), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or end < start:
        return False
    return start, end


def _chunks(handle, start, length):
    try:
        handle.seek(start)
        remaining = length
        while remaining > 0:
            data = handle.read(min(CHUNK, remaining))
            if not data:
                break
            remaining -= len(data)
            yield data
    finally:
        handle.close()


def private_headers(response):
    """The headers every private answer carries (files, and texts kept in the database)."""
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    # Opened in a tab, the file may run nothing and load nothing.
    response["Content-Security-Policy"] = "default-src 'none'; media-src 'self'; sandbox"
    return response


def private_file_response(
    request, field_file, *, content_type: str, filename: str = "", as_attachment: bool = False
):
    """The file behind `field_file` (private storage), for a request already allowed."""
    if not field_file:
        raise Http404
    disposition = (
        content_disposition_header(as_attachment=as_attachment, filename=filename)
        if filename or as_attachment
        else None
    )
    prefix = settings.PRIVATE_MEDIA_ACCEL_PREFIX
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = f"{prefix.rstrip('/')}/{field_file.name}"
        if disposition:
            response["Content-Disposition"] = disposition
        return private_headers(response)
    try:
        size = field_file.size
    except FileNotFoundError as error:
        raise Http404 from error
    wanted = _byte_range(request.headers.get("Range", ""), size)
    if wanted is False:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return private_headers(response)
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    if wanted is None:
        response = FileResponse(handle, content_type=content_type)
        response["Content-Length"] = str(size)
    else:
        start, end = wanted
        response = StreamingHttpResponse(
            _chunks(handle, start, end - start + 1), status=206, content_type=content_type
        )
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    if disposition:
        response["Content-Disposition"] = disposition
    return private_headers(response)
