"""Private files: HTTP Range requests answered by Django, or handed to nginx."""

import pytest
from django.core.files.base import ContentFile
from django.test import RequestFactory

from cohorts.models import SubmissionFile
from cohorts.serving import _byte_range, private_file_response
from cohorts.storage import private_storage


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("", None),
        ("bytes=0-9", (0, 9)),
        ("bytes=90-", (90, 99)),
        ("bytes=-10", (90, 99)),
        ("bytes=-1000", (0, 99)),
        ("bytes=95-1000", (95, 99)),
        ("bytes=100-", False),
        ("bytes=10-5", False),
        ("bytes=-0", False),
        ("bytes=0-1,5-6", None),  # several ranges: the whole file answers them correctly
        ("items=0-9", None),
        ("bytes=abc", None),
        ("bytes=" + "1" * 5000 + "-", None),  # not a number any file could need
    ],
)
def test_byte_ranges(header, expected):
    assert _byte_range(header, 100) == expected


@pytest.fixture
def stored(settings, tmp_path):
    name = private_storage.save("serving-test", ContentFile(bytes(range(100))))
    field = SubmissionFile._meta.get_field("file")
    return field.attr_class(None, field, name)


def _body(response):
    return b"".join(response.streaming_content)


def test_a_range_is_answered_with_206_and_exactly_those_bytes(stored):
    request = RequestFactory().get("/", HTTP_RANGE="bytes=10-19")
    response = private_file_response(request, stored, content_type="video/mp4")
    assert response.status_code == 206
    assert response["Content-Range"] == "bytes 10-19/100"
    assert response["Content-Length"] == "10"
    assert _body(response) == bytes(range(10, 20))
    assert response["Cache-Control"] == "private, no-store"


def test_whole_file_and_unsatisfiable_range(stored):
    whole = private_file_response(RequestFactory().get("/"), stored, content_type="video/mp4")
    assert (whole.status_code, whole["Accept-Ranges"], _body(whole)) == (
        200,
        "bytes",
        bytes(range(100)),
    )
    request = RequestFactory().get("/", HTTP_RANGE="bytes=200-")
    refused = private_file_response(request, stored, content_type="video/mp4")
    assert (refused.status_code, refused["Content-Range"]) == (416, "bytes */100")


def test_behind_nginx_the_bytes_are_left_to_it(stored, settings):
    settings.PRIVATE_MEDIA_ACCEL_PREFIX = "/protected/"
    request = RequestFactory().get("/", HTTP_RANGE="bytes=10-19")
    response = private_file_response(
        request, stored, content_type="video/mp4", filename="seminar.mp4"
    )
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected/{stored.name}"
    assert response.content == b""
    assert response["Content-Disposition"] == 'inline; filename="seminar.mp4"'
