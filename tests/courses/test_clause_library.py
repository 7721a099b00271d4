"""The public clause library: listing, search and facets, clause pages, packs, JSON and feed.

Drafts (never published, or newer unpublished revisions of live clauses) must not show
anywhere a visitor can look.
"""

import json
import zoneinfo

import pytest
from django.utils import dateformat, timezone
from wagtail.search.backends import get_search_backend

from courses.domain.clause_library import PAGE_SIZE
from courses.enums import ClauseType, Licence, VariantLevel
from courses.models import Jurisdiction
from tests.factories import build_clause_world, make_clause
from tests.factories.cohorts import held_cohort, participant
from tests.factories.people import PASSWORD

pytestmark = pytest.mark.django_db

LIBRARY = "/clauses/"
PACK = "/clauses/pack/"
API = "/clauses/api/clauses/"
FEED = "/clauses/feed/"


@pytest.fixture
def world(curriculum):
    return build_clause_world(curriculum.home)


def titles(response) -> list[str]:
    assert response.status_code == 200
    return [clause.title for clause in response.context["clauses"]]


def listed(client, **params) -> list[str]:
    return titles(client.get(LIBRARY, params))


def main_html(response) -> str:
    """The page's own content, without the site's header, footer and script tags."""
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def api_titles(response) -> list[str]:
    assert response.status_code == 200
    return [item["title"] for item in response.json()["results"]]


def login(client, user):
    assert client.login(email=user.email, password=PASSWORD)


def a_participant(curriculum):
    return participant(held_cohort(curriculum.tracks["curators"])).user


# --- Drafts never appear ----------------------------------------------------------------------

# Words only the drafts contain (the searches below look for "okapi" and "pelican" alone,
# which the search box echoes back; these phrases it does not).
DRAFT_TEXTS = [
    "Okapi consultation",
    "okapi-consultation",
    "Okapi summary",
    "okapi rule",
    "Pelican surveillance",
    "Pelican summary",
    "pelican rule",
]
LIVE_TITLE = "Heron monitoring notice"


def assert_no_draft(content):
    text = content.decode() if isinstance(content, bytes) else content
    assert [words for words in DRAFT_TEXTS if words.lower() in text.lower()] == []


@pytest.fixture
def drafts(world):
    """A never-published French draft and a live clause with a newer, renamed draft revision,
    both with the same themes, sector, region and type, so every facet would find them."""
    common = {
        "themes": [world.themes["access"], world.themes["tools"]],
        "sectors": [world.sectors["health"]],
        "regions": [world.regions["europe"]],
    }
    never = make_clause(
        world.workspaces["europe"],
        title="Okapi consultation duty",
        publish=False,
        summary="Okapi summary of a draft.",
        body="<ol><li>The okapi rule applies.</li></ol>",
        language="fr",
        **common,
    )
    live = make_clause(
        world.workspaces["europe"],
        title=LIVE_TITLE,
        summary="Heron summary.",
        body="<ol><li>The heron rule applies.</li></ol>",
        **common,
    )
    live.title = "Pelican surveillance ban"
    live.slug = "pelican-surveillance-ban"
    live.summary = "Pelican summary of a newer draft."
    live.body = "<ol><li>The pelican rule applies.</li></ol>"
    live.save_revision()
    live.refresh_from_db()
    assert live.has_unpublished_changes and live.title == LIVE_TITLE
    return never, live


def test_drafts_never_appear_in_the_listing_search_or_facets(client, drafts):
    never, live = drafts
    response = client.get(LIBRARY)
    assert titles(response) == [LIVE_TITLE]
    assert_no_draft(response.content)
    for words in ["okapi", "pelican"]:
        response = client.get(LIBRARY, {"q": words})
        assert titles(response) == []
        assert_no_draft(response.content)
    assert listed(client, q="heron") == [LIVE_TITLE]
    for facet in [
        {"theme": "access"},
        {"theme": "data-rights"},
        {"theme": "tools"},
        {"sector": "health"},
        {"region": "europe"},
        {"clause_type": ClauseType.CLAUSE},
        {"language": "en"},
    ]:
        response = client.get(LIBRARY, facet)
        assert titles(response) == [LIVE_TITLE], facet
        assert dict(response.context["form"].errors) == {}
        assert_no_draft(response.content)
    # Only the draft is in French, so French is not a language of the library.
    response = client.get(LIBRARY, {"language": "fr"})
    assert [value for value, _label in response.context["form"].fields["language"].choices] == [
        "",
        "en",
    ]
    assert list(response.context["form"].errors) == ["language"]
    assert titles(response) == [LIVE_TITLE]


def test_drafts_never_appear_on_clause_pages_or_permalinks(client, drafts):
    never, live = drafts
    assert client.get(never.url).status_code == 404
    assert client.get(f"{LIBRARY}c/{never.pk}/").status_code == 404
    response = client.get(f"{LIBRARY}c/{live.pk}/")
    assert (response.status_code, response["Location"]) == (302, live.url)
    response = client.get(live.url)
    assert response.status_code == 200
    assert response.context["page"].title == LIVE_TITLE
    assert f'<h1 lang="en">{LIVE_TITLE}</h1>' in response.content.decode()
    assert_no_draft(response.content)
    assert client.get("/clauses/europe/pelican-surveillance-ban/").status_code == 404


def test_drafts_never_appear_in_json_feed_sitemap_or_site_search(client, drafts):
    never, live = drafts
    response = client.get(API)
    assert api_titles(response) == [LIVE_TITLE]
    assert_no_draft(response.content)
    assert api_titles(client.get(API, {"q": "okapi"})) == []
    assert api_titles(client.get(API, {"q": "pelican"})) == []
    assert api_titles(client.get(API, {"theme": "access"})) == [LIVE_TITLE]
    assert client.get(f"{API}{never.pk}/").status_code == 404
    response = client.get(f"{API}{live.pk}/")
    assert response.json()["title"] == LIVE_TITLE
    assert_no_draft(response.content)

    response = client.get(FEED)
    assert response.status_code == 200
    assert LIVE_TITLE in response.content.decode()
    assert_no_draft(response.content)

    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert "/clauses/europe/heron-monitoring-notice/" in response.content.decode()
    assert_no_draft(response.content)

    for words in ["okapi", "pelican"]:
        response = client.get("/search/", {"q": words})
        assert response.context["results"].paginator.count == 0
        assert_no_draft(response.content)
    response = client.get("/search/", {"q": "heron"})
    assert [page.title for page in response.context["results"]] == [LIVE_TITLE]
    assert_no_draft(response.content)


# --- Search and facets ------------------------------------------------------------------------


@pytest.fixture
def shelf(world):
    """Four live clauses, newest last: the listing without words shows them newest first."""
    ws, themes, sectors, regions = world.workspaces, world.themes, world.sectors, world.regions
    make_clause(
        ws["europe"],
        title="Algorithm register",
        themes=[themes["tools"]],
        sectors=[sectors["health"]],
        regions=[regions["europe"]],
        body="<ol><li>The employer keeps a public register of every algorithm it uses.</li></ol>",
    )
    make_clause(
        ws["africa"],
        title="Access to personal files",
        clause_type=ClauseType.CHECKLIST,
        themes=[themes["access"]],
        sectors=[sectors["local-government"]],
        regions=[regions["africa"]],
        body="<ol><li>Workers may read their personal files at any time.</li></ol>",
    )
    make_clause(
        ws["global"],
        title="Límites a la conservación de datos",
        clause_type=ClauseType.CO_GOVERNANCE,
        language="es",
        themes=[themes["data-rights"]],
        sectors=[sectors["health"]],
        regions=[regions["global"]],
        body="<ol><li>Los registros se borran después de un año.</li></ol>",
    )
    make_clause(
        ws["europe"],
        title="Localisation par GPS",
        language="fr",
        themes=[themes["tools"], themes["access"]],
        sectors=[sectors["local-government"]],
        regions=[regions["europe"]],
        body="<ol><li>Le suivi GPS est interdit en dehors du temps de travail.</li></ol>",
    )


ALGORITHMS, ACCESS, RETENTION, GPS = (
    "Algorithm register",
    "Access to personal files",
    "Límites a la conservación de datos",
    "Localisation par GPS",
)


@pytest.mark.usefixtures("shelf")
def test_words_and_facets_find_exactly_their_clauses(client):
    assert listed(client) == [GPS, RETENTION, ACCESS, ALGORITHMS]
    # Words: ranked by relevance, so compared as sets of titles.
    assert listed(client, q="GPS") == [GPS]
    assert listed(client, q="algorithm") == [ALGORITHMS]
    assert listed(client, q="personal files") == [ACCESS]
    assert listed(client, q="personal GPS") == []
    assert sorted(listed(client, q="summary")) == sorted([GPS, RETENTION, ACCESS, ALGORITHMS])
    # A main theme includes the clauses of its sub-themes.
    assert listed(client, theme="data-rights") == [GPS, RETENTION, ACCESS]
    assert listed(client, theme="access") == [GPS, ACCESS]
    assert listed(client, theme="tools") == [GPS, ALGORITHMS]
    assert listed(client, clause_type=ClauseType.CLAUSE) == [GPS, ALGORITHMS]
    assert listed(client, clause_type=ClauseType.CHECKLIST) == [ACCESS]
    assert listed(client, clause_type=ClauseType.CO_GOVERNANCE) == [RETENTION]
    assert listed(client, sector="health") == [RETENTION, ALGORITHMS]
    assert listed(client, sector="local-government") == [GPS, ACCESS]
    assert listed(client, region="europe") == [GPS, ALGORITHMS]
    assert listed(client, region="africa") == [ACCESS]
    assert listed(client, language="fr") == [GPS]
    assert listed(client, language="es") == [RETENTION]
    assert listed(client, theme="data-rights", region="europe") == [GPS]
    assert listed(client, theme="tools", sector="health", language="en") == [ALGORITHMS]
    # Words and facets together.
    assert sorted(listed(client, q="summary", region="europe")) == sorted([GPS, ALGORITHMS])
    assert listed(client, q="GPS", theme="data-rights") == [GPS]
    assert listed(client, q="GPS", region="africa") == []
    assert listed(client, q="register", sector="health", clause_type=ClauseType.CLAUSE) == [
        ALGORITHMS
    ]


@pytest.mark.usefixtures("shelf")
def test_the_listing_shows_each_clause_with_its_facts_and_the_filters(client):
    response = client.get(LIBRARY, {"language": "es"})
    html = main_html(response)
    form = response.context["form"]
    assert [value for value, _label in form.fields["language"].choices] == ["", "en", "fr", "es"]
    assert [value for value, _label in form.fields["theme"].choices] == [
        "",
        "data-rights",
        "access",
        "tools",
    ]
    assert '<h2 id="results-heading">1 clause</h2>' in html
    clause = response.context["clauses"][0]
    assert f'<a href="{clause.url}" lang="es">{RETENTION}</a>' in html
    assert "Summary of Límites a la conservación de datos." in html
    assert "<dd>Co-governance model</dd>" in html
    assert '<a href="/clauses/?theme=data-rights">Data rights</a>' in html
    assert 'Add to pack<span class="visually-hidden">: “Límites' in html
    assert f'name="next" value="/clauses/?language=es#clause-{clause.pk}"' in html
    assert 'href="/clauses/pack/">Your bargaining pack (0 clauses)</a>' in html
    assert '<a href="/clauses/api/clauses/?language=es" type="application/json">' in html
    assert '<a href="/clauses/feed/" type="application/atom+xml">' in html
    head = response.content.decode().split("</head>")[0]
    assert '<link rel="alternate" type="application/atom+xml" href="/clauses/feed/"' in head
    assert '<link rel="alternate" type="application/json" href="/clauses/api/clauses/"' in head

    response = client.get(LIBRARY, {"q": "nothing-like-this"})
    assert "No clauses match these words and filters." in main_html(response)
    assert '<h2 id="results-heading">0 clauses</h2>' in main_html(response)


def test_an_empty_library_says_so(client, world):
    response = client.get(LIBRARY)
    assert titles(response) == []
    assert "No model clauses have been published yet." in main_html(response)


@pytest.mark.usefixtures("shelf")
def test_bad_facet_values_are_shown_as_errors_and_left_out(client):
    bad = {
        "theme": "no-such-theme",
        "sector": str(2**63),
        "region": "<script>alert(1)</script>",
        "clause_type": "<script>",
        "language": "xx",
    }
    response = client.get(LIBRARY, bad)
    assert sorted(response.context["form"].errors) == [
        "clause_type",
        "language",
        "region",
        "sector",
        "theme",
    ]
    assert titles(response) == [GPS, RETENTION, ACCESS, ALGORITHMS]
    html = main_html(response)
    for name in bad:
        assert f'id="id_{name}_errors"' in html
    assert "<script>" not in html
    assert "Some filters could not be used and were left out." in html
    # A good facet beside a bad one still applies.
    response = client.get(LIBRARY, {"theme": str(2**63), "region": "europe"})
    assert list(response.context["form"].errors) == ["theme"]
    assert titles(response) == [GPS, ALGORITHMS]
    response = client.get(LIBRARY, {"q": "x" * 201})
    assert list(response.context["form"].errors) == ["q"]
    assert response.status_code == 200


def test_pagination_keeps_the_filters(client, world):
    tools = world.themes["tools"]
    for number in range(PAGE_SIZE + 2):
        make_clause(world.workspaces["europe"], title=f"Tool clause {number:02d}", themes=[tools])
    make_clause(world.workspaces["africa"], title="Unthemed clause")
    response = client.get(LIBRARY, {"theme": "tools"})
    assert response.context["total"] == PAGE_SIZE + 2
    assert len(titles(response)) == PAGE_SIZE
    html = main_html(response)
    assert '<a href="?theme=tools&amp;page=2" rel="next">' in html
    response = client.get(LIBRARY, {"theme": "tools", "page": 2})
    assert titles(response) == ["Tool clause 01", "Tool clause 00"]
    assert '<a href="?theme=tools&amp;page=1" rel="prev">' in main_html(response)
    response = client.get(LIBRARY, {"q": "tool", "region": "", "page": 2})
    assert len(titles(response)) == 2
    assert '<a href="?q=tool&amp;page=1" rel="prev">' in main_html(response)


# --- Query counts -----------------------------------------------------------------------------


def fill_library(world, size):
    themes, sectors, regions = world.themes, world.sectors, world.regions
    for number in range(size):
        make_clause(
            world.workspaces["europe" if number % 2 else "africa"],
            title=f"Monitoring clause {number}",
            themes=[themes["access"], themes["tools"]],
            sectors=[sectors["health"], sectors["local-government"]],
            regions=[regions["europe"], regions["africa"]],
        )


def count_listing_queries(client, django_assert_num_queries, *, search, facets):
    client.get(LIBRARY)  # Site root paths and the like are cached by the first request.
    with django_assert_num_queries(search):
        assert client.get(LIBRARY, {"q": "monitoring"}).status_code == 200
    with django_assert_num_queries(facets):
        response = client.get(
            LIBRARY, {"theme": "data-rights", "sector": "health", "region": "europe"}
        )
    assert response.context["total"] > 0


# Both: Wagtail finding the site, the library page and its view restrictions (6); the live,
# public clauses (`.public()` reads the view restrictions: 1); theme, sector and region
# choices in one UNION query and the languages in use (2); the page of clauses with their
# themes and regions (3); the site menu (2). Words add the search and the facets over its
# ids (2); facets alone add the count (1).
SEARCH_QUERIES, FACET_QUERIES = 16, 15


@pytest.mark.parametrize("size", [3, 30])
def test_listing_query_count_does_not_grow(client, world, size, django_assert_num_queries):
    fill_library(world, size)
    count_listing_queries(
        client, django_assert_num_queries, search=SEARCH_QUERIES, facets=FACET_QUERIES
    )


@pytest.mark.postgres
@pytest.mark.parametrize("size", [3, 30])
def test_listing_query_count_with_postgres_full_text(
    client, world, size, django_assert_num_queries
):
    assert type(get_search_backend()).__name__ == "PostgresSearchBackend"
    fill_library(world, size)
    count_listing_queries(
        client, django_assert_num_queries, search=SEARCH_QUERIES, facets=FACET_QUERIES
    )


# --- Members only -----------------------------------------------------------------------------


def test_a_members_only_library_is_closed_to_visitors(client, settings, world, curriculum):
    settings.CLAUSE_LIBRARY_MEMBERS_ONLY = True
    clause = make_clause(world.workspaces["europe"], title="Members clause")
    for url in [LIBRARY, clause.url, PACK]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={url}"
    for url in [API, f"{API}{clause.pk}/", FEED, f"{PACK}docx/", f"{PACK}markdown/"]:
        assert client.get(url).status_code == 404, url
    assert client.post(PACK, {"action": "add", "clause": clause.pk}).status_code == 302
    assert client.session.get("clause_pack", []) == []
    response = client.get("/sitemap.xml")
    assert "members-clause" not in response.content.decode()
    assert client.get("/search/", {"q": "members"}).context["results"].paginator.count == 0

    login(client, a_participant(curriculum))
    assert listed(client) == ["Members clause"]
    assert client.get(clause.url).status_code == 200
    response = client.get(API)
    assert api_titles(response) == ["Members clause"]
    assert "Access-Control-Allow-Origin" not in response
    assert client.get(f"{API}{clause.pk}/").status_code == 200
    assert client.get(FEED).status_code == 200
    client.post(PACK, {"action": "add", "clause": clause.pk})
    response = client.get(f"{PACK}markdown/")
    assert response.status_code == 200
    assert "Members clause" in response.content.decode()
    # The sitemap is for search engines: it leaves members' clauses out for everyone.
    assert "members-clause" not in client.get("/sitemap.xml").content.decode()


def test_an_open_library_is_in_the_sitemap(client, world):
    make_clause(world.workspaces["europe"], title="Open clause")
    assert "/clauses/europe/open-clause/" in client.get("/sitemap.xml").content.decode()


# --- The bargaining pack ----------------------------------------------------------------------


def in_pack(client) -> list[int]:
    return list(client.session.get("clause_pack", []))


def say(response) -> list[str]:
    """The messages shown on the page the redirect led to."""
    return [str(message) for message in response.context["messages"]]


def pack_post(client, action, clause=None, **data):
    """Post to the pack and follow the redirect, as a browser does."""
    data["action"] = action
    if clause is not None:
        data["clause"] = clause
    return client.post(PACK, data, follow=True)


@pytest.fixture
def three(world):
    return [
        make_clause(world.workspaces["europe"], title=title)
        for title in ["Clause A", "Clause B", "Clause C"]
    ]


def test_pack_add_move_remove_and_clear(client, three):
    a, b, c = three
    for clause in three:
        response = pack_post(client, "add", clause.pk)
        assert response.redirect_chain == [(PACK, 302)]
        assert say(response) == [f"“{clause.title}” is in your pack."]
    assert in_pack(client) == [a.pk, b.pk, c.pk]
    pack_post(client, "add", a.pk)
    assert in_pack(client) == [a.pk, b.pk, c.pk]
    pack_post(client, "up", c.pk)
    assert in_pack(client) == [a.pk, c.pk, b.pk]
    pack_post(client, "down", a.pk)
    assert in_pack(client) == [c.pk, a.pk, b.pk]
    pack_post(client, "up", c.pk)  # already first
    pack_post(client, "down", b.pk)  # already last
    assert in_pack(client) == [c.pk, a.pk, b.pk]

    response = client.get(PACK)
    assert [clause.title for clause in response.context["clauses"]] == [
        "Clause C",
        "Clause A",
        "Clause B",
    ]
    html = main_html(response)
    # The first has no "up", the last no "down"; every button names its clause.
    assert 'Move up<span class="visually-hidden">: “Clause C”' not in html
    assert 'Move down<span class="visually-hidden">: “Clause C”' in html
    assert 'Move up<span class="visually-hidden">: “Clause A”' in html
    assert 'Move down<span class="visually-hidden">: “Clause A”' in html
    assert 'Move up<span class="visually-hidden">: “Clause B”' in html
    assert 'Move down<span class="visually-hidden">: “Clause B”' not in html
    assert html.count('Remove<span class="visually-hidden">: “Clause') == 3
    assert '<a href="/clauses/pack/docx/" download>' in html
    assert '<a href="/clauses/pack/markdown/" download>' in html
    markdown = client.get(f"{PACK}markdown/").content.decode()
    assert markdown.index("Clause C") < markdown.index("Clause A") < markdown.index("Clause B")

    response = pack_post(client, "remove", a.pk)
    assert say(response) == ["The clause was removed from your pack."]
    assert in_pack(client) == [c.pk, b.pk]
    response = pack_post(client, "clear")
    assert say(response) == ["Your pack is empty."]
    assert in_pack(client) == []
    response = client.get(PACK)
    assert "Your pack is empty." in main_html(response)
    assert "Empty the pack" not in main_html(response)
    # Downloading an empty pack leads back to it with a word of explanation.
    response = client.get(f"{PACK}docx/", follow=True)
    assert response.redirect_chain == [(PACK, 302)]
    assert say(response) == ["Add clauses to your pack before downloading it."]


def test_bad_clause_ids_change_nothing(client, world, three):
    a, b, c = three
    draft = make_clause(world.workspaces["europe"], title="Draft clause", publish=False)
    for clause in [a, b]:
        pack_post(client, "add", clause.pk)
    for bad in [0, -1, 2**63, "x", "", draft.pk, world.workspaces["europe"].pk]:
        response = pack_post(client, "add", bad)
        assert say(response) == ["That clause is not in the library."], bad
        assert in_pack(client) == [a.pk, b.pk]
    for bad in [0, -1, 2**63, "x", ""]:
        for action in ["remove", "up", "down"]:
            response = pack_post(client, action, bad)
            assert say(response) == ["That clause is not in the library."], (action, bad)
            assert in_pack(client) == [a.pk, b.pk]
    response = pack_post(client, "publish", a.pk)
    assert say(response) == ["That is not something a pack can do."]
    assert in_pack(client) == [a.pk, b.pk]


def test_removing_or_moving_a_clause_not_in_the_pack_says_so(client, world, three):
    a, b, c = three
    draft = make_clause(world.workspaces["europe"], title="Draft clause", publish=False)
    pack_post(client, "add", a.pk)
    pack_post(client, "add", b.pk)
    for other in [c.pk, draft.pk, world.workspaces["europe"].pk]:
        for action in ["remove", "up", "down"]:
            response = pack_post(client, action, other)
            assert say(response) == ["That clause is not in your pack."], (action, other)
            assert in_pack(client) == [a.pk, b.pk]


def test_pack_next_must_stay_on_this_site(client, three):
    a = three[0]
    for outside in [
        "https://elsewhere.example.org/",
        "//elsewhere.example.org/",
        "javascript:alert(1)",
        "https:///elsewhere.example.org",
    ]:
        response = pack_post(client, "add", a.pk, next=outside)
        assert response.redirect_chain == [(PACK, 302)], outside
    response = pack_post(client, "add", a.pk, next=f"/clauses/?q=a#clause-{a.pk}")
    assert response.redirect_chain == [(f"/clauses/?q=a#clause-{a.pk}", 302)]


def test_a_pack_holds_at_most_the_maximum(client, settings, three):
    settings.CLAUSE_PACK_MAX = 2
    a, b, c = three
    pack_post(client, "add", a.pk)
    pack_post(client, "add", b.pk)
    response = pack_post(client, "add", c.pk)
    assert say(response) == ["A pack holds at most 2 clauses. Remove one to add another."]
    assert in_pack(client) == [a.pk, b.pk]


def test_the_listing_and_clause_page_show_what_is_in_the_pack(client, three):
    a, b, c = three
    pack_post(client, "add", b.pk)
    html = main_html(client.get(LIBRARY))
    assert html.count("<strong>In your pack</strong>") == 1
    assert f'name="clause" value="{b.pk}"' not in html
    assert html.count("Add to pack<span") == 2
    assert "Your bargaining pack (1 clause)" in html
    response = client.get(b.url)
    assert response.context["in_pack"] is True
    assert 'name="action" value="remove">Remove from pack</button>' in main_html(response)
    response = client.get(a.url)
    assert response.context["in_pack"] is False
    assert 'name="action" value="add">Add to pack</button>' in main_html(response)


# --- Clause pages -----------------------------------------------------------------------------


def test_the_permalink_follows_a_new_slug(client, world):
    clause = make_clause(world.workspaces["europe"], title="First name")
    permalink = f"{LIBRARY}c/{clause.pk}/"
    assert client.get(permalink)["Location"] == "/clauses/europe/first-name/"
    clause.title = "Second name"
    clause.slug = "second-name"
    clause.save_revision().publish()
    response = client.get(permalink)
    assert (response.status_code, response["Location"]) == (302, "/clauses/europe/second-name/")
    response = client.get(response["Location"])
    assert response.context["page"].title == "Second name"
    assert "Version 2, published" in main_html(response)
    assert f"http://testserver{permalink}" in main_html(response)
    for bad in ["0", str(2**63)]:
        assert client.get(f"{LIBRARY}c/{bad}/").status_code == 404


@pytest.fixture
def full_clause(world):
    clause = make_clause(
        world.workspaces["europe"],
        title="Worker data access",
        summary="Workers see the data held about them.",
        body="<ol><li>Access<ol><li>Within ten days.</li></ol></li></ol>",
        themes=[world.themes["access"]],
        sectors=[world.sectors["health"]],
        regions=[world.regions["europe"]],
        rationale="<p>Knowing comes first.</p>",
        negotiation_notes="<p>Start with the ideal wording.</p>",
        variants=[
            ("variant", {"level": VariantLevel.IDEAL, "text": "<p>Every record.</p>", "note": ""}),
            (
                "variant",
                {"level": VariantLevel.MINIMUM, "text": "<p>On request.</p>", "note": "Last"},
            ),
        ],
        legal_references=[
            (
                "reference",
                {
                    "instrument": "Data protection act",
                    "provision": "Article 15",
                    "url": "https://example.org/law",
                },
            )
        ],
        sources=[
            (
                "source",
                {
                    "agreement": "Sample health agreement",
                    "union": "Example Health Union",
                    "country": "Freedonia",
                    "year": 2021,
                    "url": "https://example.org/agreement",
                },
            )
        ],
        authors=[("author", {"name": "Ada Example", "organisation": "Example Union"})],
        licence=Licence.CC_BY_SA,
    )
    jurisdiction = Jurisdiction.objects.create(name="Freedonia", code="fd")
    clause.jurisdictions.set([jurisdiction])
    clause.save_revision().publish()
    clause.refresh_from_db()
    return clause


def test_a_clause_page_shows_everything_about_the_clause(client, full_clause):
    clause = full_clause
    response = client.get(clause.url)
    html = main_html(response)
    for expected in [
        '<h1 lang="en">Worker data access</h1>',
        "Workers see the data held about them.",
        '<div class="clause-text prose" lang="en"><ol><li>Access<ol><li>Within ten days.',
        '<h3 id="variant-1">Ideal</h3>',
        '<h3 id="variant-2">Minimum</h3>',
        '<p class="meta">Last</p>',
        "Knowing comes first.",
        "Start with the ideal wording.",
        '<a href="https://example.org/law" rel="noopener noreferrer nofollow">Data protection act'
        "</a>, Article 15",
        'Sample health agreement</a> <span class="meta">(Example Health Union, Freedonia, '
        "2021)</span>",
        '<a href="/clauses/?theme=access">Data rights › Access to data</a>',
        '<a href="/clauses/?sector=health">Health</a>',
        '<a href="/clauses/?region=europe">Europe</a>',
        "<dd>Freedonia</dd>",
        "<dd>English</dd>",
        "<dd>Creative Commons Attribution-ShareAlike 4.0</dd>",
        'Ada Example <span class="meta">(Example Union)</span>',
        "Version 2, published",
        f'<a href="http://testserver/clauses/c/{clause.pk}/">',
    ]:
        assert expected in html, expected
    citation = response.context["citation"]
    assert citation.startswith("Ada Example. “Worker data access”. Model clause, version 2, ")
    assert f'<textarea id="clause-citation" readonly rows="4" cols="60">{citation}' in html
    # The copy button is offered by a script file, not inline code.
    assert '<p class="clause-copy" hidden>' in html
    assert '<script src="/static/lms/js/clause-cite.js" defer></script>' in (
        response.content.decode()
    )
    assert "<script" not in html


def test_publication_time_is_shown_in_the_viewers_zone(client, full_clause, curriculum):
    clause = full_clause
    published = clause.last_published_at
    response = client.get(clause.url)
    utc = dateformat.format(timezone.localtime(published, zoneinfo.ZoneInfo("UTC")), "j F Y, H:i")
    assert f"{utc}</time> (UTC)" in main_html(response)
    viewer = a_participant(curriculum)
    viewer.time_zone = "Asia/Tokyo"
    viewer.save(update_fields=["time_zone"])
    login(client, viewer)
    tokyo = timezone.localtime(published, zoneinfo.ZoneInfo("Asia/Tokyo"))
    html = main_html(client.get(clause.url))
    assert f"{dateformat.format(tokyo, 'j F Y, H:i')}</time> (Asia/Tokyo)" in html
    assert f'<time datetime="{published.isoformat()}">' in html


def test_related_clauses_share_themes(client, world, full_clause):
    make_clause(world.workspaces["africa"], title="Same theme", themes=[world.themes["access"]])
    make_clause(world.workspaces["africa"], title="Other theme", themes=[world.themes["tools"]])
    response = client.get(full_clause.url)
    assert [clause.title for clause in response.context["related"]] == ["Same theme"]
    assert "Same theme</a>" in main_html(response)
    assert "Other theme" not in main_html(response)


# --- JSON ---------------------------------------------------------------------------------------


def test_json_gives_exact_fields(client, full_clause):
    clause = full_clause
    url = f"http://testserver{clause.url}"
    permalink = f"http://testserver/clauses/c/{clause.pk}/"
    published = clause.last_published_at.isoformat()
    response = client.get(API)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json() == {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [
            {
                "id": clause.pk,
                "title": "Worker data access",
                "summary": "Workers see the data held about them.",
                "clause_type": "clause",
                "language": "en",
                "url": url,
                "permalink": permalink,
                "published_at": published,
                "themes": ["access"],
                "regions": ["europe"],
            }
        ],
    }
    response = client.get(f"{API}{clause.pk}/")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert json.loads(response.content) == {
        "id": clause.pk,
        "title": "Worker data access",
        "summary": "Workers see the data held about them.",
        "clause_type": "clause",
        "language": "en",
        "url": url,
        "permalink": permalink,
        "published_at": published,
        "themes": [{"slug": "access", "name": "Access to data", "parent": "data-rights"}],
        "regions": ["europe"],
        "first_published_at": clause.first_published_at.isoformat(),
        "licence": "cc-by-sa-4.0",
        "body_html": "<ol><li>Access<ol><li>Within ten days.</li></ol></li></ol>",
        "variants": [
            {"level": "ideal", "text_html": "<p>Every record.</p>", "note": ""},
            {"level": "minimum", "text_html": "<p>On request.</p>", "note": "Last"},
        ],
        "rationale_html": "<p>Knowing comes first.</p>",
        "negotiation_notes_html": "<p>Start with the ideal wording.</p>",
        "legal_references": [
            {
                "instrument": "Data protection act",
                "provision": "Article 15",
                "url": "https://example.org/law",
            }
        ],
        "sources": [
            {
                "agreement": "Sample health agreement",
                "union": "Example Health Union",
                "country": "Freedonia",
                "year": 2021,
                "url": "https://example.org/agreement",
            }
        ],
        "sectors": ["health"],
        "jurisdictions": ["fd"],
        "authors": [{"name": "Ada Example", "organisation": "Example Union"}],
        "translation_of": None,
    }
    for missing in [clause.pk + 1000, 0, 2**63]:
        assert client.get(f"{API}{missing}/").status_code == 404, missing


def test_json_list_pages_keep_the_filters(client, world):
    for number in range(PAGE_SIZE + 2):
        make_clause(
            world.workspaces["europe"], title=f"Tool {number:02d}", themes=[world.themes["tools"]]
        )
    make_clause(world.workspaces["europe"], title="Not a tool")
    data = client.get(API, {"theme": "tools"}).json()
    assert (data["count"], len(data["results"]), data["previous"]) == (
        PAGE_SIZE + 2,
        PAGE_SIZE,
        None,
    )
    assert data["next"] == "http://testserver/clauses/api/clauses/?theme=tools&page=2"
    data = client.get(data["next"]).json()
    assert [item["title"] for item in data["results"]] == ["Tool 01", "Tool 00"]
    assert data["previous"] == "http://testserver/clauses/api/clauses/?theme=tools&page=1"
    assert data["next"] is None
    response = client.get(API, {"theme": "<script>"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["theme"]


# --- Rich text cannot carry scripts -----------------------------------------------------------

HOSTILE = (
    "<ol><li>Safe words <script>alert(1)</script></li></ol>"
    '<p><img src="x" onerror="alert(2)"> and '
    '<a href="javascript:alert(3)">a link</a></p>'
)


def test_rich_text_cannot_carry_scripts(client, world):
    clause = make_clause(
        world.workspaces["europe"],
        title="Hostile clause",
        body=HOSTILE,
        rationale=HOSTILE,
        negotiation_notes=HOSTILE,
        variants=[("variant", {"level": VariantLevel.FALLBACK, "text": HOSTILE, "note": ""})],
        legal_references=[
            ("reference", {"instrument": "Act", "provision": "", "url": "javascript:alert(4)"})
        ],
    )
    html = main_html(client.get(clause.url)).lower()
    assert [bad for bad in ["<script", "onerror", "javascript:"] if bad in html] == []
    data = client.get(f"{API}{clause.pk}/").json()
    texts = [
        data["body_html"],
        data["rationale_html"],
        data["negotiation_notes_html"],
        data["variants"][0]["text_html"],
    ]
    for text in texts:
        assert [bad for bad in ["<script", "onerror", "javascript:"] if bad in text.lower()] == []


# --- Translations -------------------------------------------------------------------------------


def test_translations_link_both_ways_and_show_when_they_are_outdated(client, world):
    english = make_clause(world.workspaces["europe"], title="Right to an explanation")
    french = make_clause(
        world.workspaces["europe"],
        title="Droit à une explication",
        language="fr",
        translation_of=english,
        translated_revision=english.live_revision,
    )
    response = client.get(english.url)
    assert response.context["translations"] == [french]
    html = main_html(response)
    assert f'<a href="{french.url}" hreflang="fr">French' in html
    head = response.content.decode().split("</head>")[0]
    assert f'<link rel="alternate" hreflang="fr" href="{french.url}">' in head

    response = client.get(french.url)
    assert response.context["translations"] == [english]
    assert response.context["translation_outdated"] is False
    html = main_html(response)
    assert f'<a href="{english.url}" hreflang="en">English' in html
    assert "has been revised since this translation was made" not in html

    english.summary = "A clearer summary."
    english.save_revision().publish()
    response = client.get(french.url)
    assert response.context["translation_outdated"] is True
    html = main_html(response)
    assert "has been revised since this translation was made" in html
    assert f'<a href="{english.url}" hreflang="en">Read the current version in English</a>' in html
    assert "has been revised" not in main_html(client.get(english.url))


# --- The site header --------------------------------------------------------------------------


def header(response) -> str:
    html = response.content.decode()
    return html[html.index('<nav class="site-nav"') : html.index("</nav>")]


def test_the_header_links_to_the_clause_library(client, world):
    nav = header(client.get("/materials/"))
    assert '<li><a href="/clauses/">Clauses</a></li>' in nav
    assert "Model clause library" not in nav
    assert '<a href="/clauses/" aria-current="page">Clauses</a>' in header(client.get(LIBRARY))
    clause = make_clause(world.workspaces["europe"], title="Any clause")
    assert '<a href="/clauses/" aria-current="page">Clauses</a>' in header(client.get(clause.url))


def test_the_header_works_without_a_clause_library(client, curriculum):
    response = client.get("/materials/")
    assert response.status_code == 200
    assert "Clauses" not in header(response)
