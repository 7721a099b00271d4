import pytest

pytestmark = pytest.mark.django_db


def test_home_programme_track_and_module_pages_render(client, curriculum):
    for url, heading in [
        ("/", "<h1>Home</h1>"),
        ("/programme/", "<h1>Digital rights programme</h1>"),
        ("/programme/curators/", "<h1>Digital curators</h1>"),
        ("/programme/curators/seminar-2/", "<h1>Digital curators seminar 2</h1>"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert heading in response.content.decode(), url
