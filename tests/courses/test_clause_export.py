"""Bargaining packs as DOCX and Markdown: what the visitor chose, in full, and nothing else."""

import datetime
import io
import re
import zipfile

import docx
import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from courses.domain.clause_access import published_clauses
from courses.domain.clause_export import md_escape, pack_docx, pack_markdown
from courses.models import Jurisdiction, ModelClausePage
from tests.factories import build_clause_world, make_clause

pytestmark = pytest.mark.django_db

SITE = "Example Union Academy"
PACK = "/clauses/pack/"
PUBLISHED = datetime.datetime(2025, 3, 4, 12, 30, tzinfo=datetime.UTC)
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

BODY = (
    "<ol>"
    "<li>The employer shall tell workers, in writing, which <b>personal data</b> it collects"
    " about them and why."
    "<ol>"
    "<li>This includes data gathered by <i>digital tools</i> and by others acting for the"
    " employer.</li>"
    "<li>Workers may ask for a copy of their data at any time."
    '<ol><li>The employer answers within <a href="https://law.example.org/access">one month'
    "</a>.</li></ol>"
    "</li>"
    "</ol>"
    "</li>"
    "<li>The union is told before a new data system is used:"
    "<ul><li>its purpose;</li><li>the <b><i>data</i></b> it uses.</li></ul>"
    "</li>"
    "</ol>"
)


@pytest.fixture(autouse=True)
def english():
    # A request in another language leaves it active in the thread; calls made outside a
    # request would read it.
    with translation.override("en"):
        yield


@pytest.fixture
def world(curriculum, settings):
    settings.WAGTAIL_SITE_NAME = SITE
    return build_clause_world(curriculum.home)


def _dated(*clauses):
    """Fix the version date, so that it can be read back exactly."""
    ModelClausePage.objects.filter(pk__in=[c.pk for c in clauses]).update(
        last_published_at=PUBLISHED
    )


def rich_clause(world, **fields):
    freedonia = Jurisdiction.objects.create(name="Freedonia", code="fd")
    clause = make_clause(
        world.workspaces["europe"],
        title="Access to workers' data",
        summary="Workers see the data held about them.",
        body=BODY,
        themes=[world.themes["access"], world.themes["tools"]],
        sectors=[world.sectors["health"]],
        regions=[world.regions["europe"]],
        variants=[
            (
                "variant",
                {
                    "level": "ideal",
                    "text": "<p>Workers see <b>all</b> data held about them.</p>",
                    "note": "Where the union is strong.",
                },
            ),
            (
                "variant",
                {
                    "level": "minimum",
                    "text": "<p>Workers see the data used to assess them.</p>",
                    "note": "",
                },
            ),
        ],
        rationale="<p>Workers cannot contest what they cannot see.</p>",
        negotiation_notes="<p>Ask for the employer's data inventory first.</p>",
        legal_references=[
            (
                "reference",
                {
                    "instrument": "Example Data Protection Act",
                    "provision": "Article 12",
                    "url": "https://law.example.org/dpa",
                },
            ),
            ("reference", {"instrument": "Model Labour Code", "provision": "", "url": ""}),
        ],
        sources=[
            (
                "source",
                {
                    "agreement": "Framework agreement on digital work",
                    "union": "Example Workers' Union",
                    "country": "Freedonia",
                    "year": 2022,
                    "url": "https://agreements.example.org/fa",
                },
            )
        ],
        authors=[
            ("author", {"name": "Ana Example", "organisation": "Example Workers' Union"}),
            ("author", {"name": "Rui Sample", "organisation": ""}),
        ],
        licence="cc-by-sa-4.0",
        **fields,
    )
    clause.jurisdictions.set([freedonia])
    clause.save()
    _dated(clause)
    return clause


def small_clause(world, **fields):
    fields.setdefault("title", "Notice of monitoring")
    clause = make_clause(
        world.workspaces["africa"],
        summary="Monitoring is announced.",
        body="<ol><li>The employer shall give notice of any monitoring.</li></ol>",
        clause_type="co_governance",
        language="fr",
        licence="cc0-1.0",
        **fields,
    )
    _dated(clause)
    return clause


def live(*clauses):
    """The clauses as the pack reads them: live, relations prefetched, in this order."""
    by_id = published_clauses().prefetch_related("themes", "sectors", "regions", "jurisdictions")
    found = by_id.in_bulk([c.pk for c in clauses])
    return [found[c.pk] for c in clauses]


def link(clause):
    return f"http://testserver/clauses/c/{clause.pk}/"


def today():
    return formats.date_format(timezone.localdate(), "DATE_FORMAT")


def paragraphs(content):
    document = docx.Document(io.BytesIO(content))
    return [(p.style.name, p.text) for p in document.paragraphs]


def add_to_pack(client, clause_id):
    return client.post(PACK, {"action": "add", "clause": clause_id})


def rich_clause_paragraphs(clause):
    return [
        ("Heading 1", "Access to workers' data"),
        ("Normal", "Workers see the data held about them."),
        ("Normal", "Clause type: Model clause"),
        ("Normal", "Language: English"),
        ("Normal", "Version date: March 4, 2025"),
        ("Heading 2", "Clause text"),
        (
            "Normal",
            "1. The employer shall tell workers, in writing, which personal data it collects "
            "about them and why.",
        ),
        (
            "Normal",
            "1.1 This includes data gathered by digital tools and by others acting for the "
            "employer.",
        ),
        ("Normal", "1.2 Workers may ask for a copy of their data at any time."),
        ("Normal", "1.2.1 The employer answers within one month (https://law.example.org/access)."),
        ("Normal", "2. The union is told before a new data system is used:"),
        ("List Bullet 2", "its purpose;"),
        ("List Bullet 2", "the data it uses."),
        ("Heading 2", "Variants"),
        ("Heading 3", "Ideal"),
        ("Normal", "Workers see all data held about them."),
        ("Normal", "When to use it: Where the union is strong."),
        ("Heading 3", "Minimum"),
        ("Normal", "Workers see the data used to assess them."),
        ("Heading 2", "Rationale"),
        ("Normal", "Workers cannot contest what they cannot see."),
        ("Heading 2", "Negotiation notes"),
        ("Normal", "Ask for the employer's data inventory first."),
        ("Heading 2", "Legal references"),
        ("List Bullet", "Example Data Protection Act, Article 12 (https://law.example.org/dpa)"),
        ("List Bullet", "Model Labour Code"),
        ("Heading 2", "Sources"),
        (
            "List Bullet",
            "Framework agreement on digital work (https://agreements.example.org/fa), "
            "Example Workers' Union, Freedonia, 2022",
        ),
        ("Heading 2", "Where it applies"),
        ("Normal", "Themes: Data rights › Access to data, Digital tools and AI"),
        ("Normal", "Sectors: Health"),
        ("Normal", "Regions: Europe"),
        ("Normal", "Jurisdictions: Freedonia"),
        ("Heading 2", "Licence and credits"),
        ("Normal", "Licence: Creative Commons Attribution-ShareAlike 4.0"),
        ("Normal", "Authors credited: Ana Example (Example Workers' Union); Rui Sample"),
        ("Normal", f"Permanent link: {link(clause)}"),
    ]


def small_clause_paragraphs(clause):
    return [
        ("Heading 1", "Notice of monitoring"),
        ("Normal", "Monitoring is announced."),
        ("Normal", "Clause type: Co-governance model"),
        ("Normal", "Language: French"),
        ("Normal", "Version date: March 4, 2025"),
        ("Heading 2", "Clause text"),
        ("Normal", "1. The employer shall give notice of any monitoring."),
        ("Heading 2", "Licence and credits"),
        ("Normal", "Licence: Public domain (CC0 1.0)"),
        ("Normal", f"Permanent link: {link(clause)}"),
    ]


# --- Through the views --------------------------------------------------------------


def test_docx_pack_holds_the_chosen_clauses_in_the_visitors_order(client, world):
    rich = rich_clause(world)
    small = small_clause(world)
    unchosen = make_clause(world.workspaces["global"], title="Right to disconnect")
    draft = make_clause(world.workspaces["europe"], title="Draft on algorithms", publish=False)
    add_to_pack(client, small.pk)
    add_to_pack(client, rich.pk)
    refused = add_to_pack(client, draft.pk)
    assert [str(m) for m in get_messages(refused.wsgi_request)] == [
        "“Notice of monitoring” is in your pack.",
        "“Access to workers' data” is in your pack.",
        "That clause is not in the library.",
    ]

    response = client.get(f"{PACK}docx/")

    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    assert response["Content-Disposition"] == (
        'attachment; filename="example-union-academy-bargaining-pack.docx"'
    )
    assert response["Cache-Control"] == "private, no-store"
    assert paragraphs(response.content) == [
        ("Title", "Bargaining pack"),
        ("Normal", SITE),
        ("Normal", today()),
        ("Heading 1", "Contents"),
        ("List Bullet", "Notice of monitoring"),
        ("List Bullet", "Access to workers' data"),
        *small_clause_paragraphs(small),
        *rich_clause_paragraphs(rich),
    ]
    text = "\n".join(text for _style, text in paragraphs(response.content))
    assert unchosen.title not in text
    assert draft.title not in text


def test_docx_keeps_bold_italic_indents_and_starts_each_clause_on_a_new_page(world):
    rich = rich_clause(world)
    small = small_clause(world)
    content = pack_docx(live(small, rich), permalinks={}, title="Pack")
    document = docx.Document(io.BytesIO(content))
    by_text = {p.text: p for p in document.paragraphs}

    first = by_text[
        "1. The employer shall tell workers, in writing, which personal data it collects "
        "about them and why."
    ]
    assert [(r.text, r.bold, r.italic) for r in first.runs] == [
        ("1. ", None, None),
        ("The employer shall tell workers, in writing, which ", None, None),
        ("personal data", True, None),
        (" it collects about them and why.", None, None),
    ]
    bullet = by_text["the data it uses."]
    assert [(r.text, r.bold, r.italic) for r in bullet.runs] == [
        ("the ", None, None),
        ("data", True, True),
        (" it uses.", None, None),
    ]
    indents = [
        (p.text.split(" ")[0], round(p.paragraph_format.left_indent.cm, 2))
        for p in document.paragraphs
        if re.match(r"\d+(\.\d+)*\.? ", p.text)
    ]
    assert indents == [
        ("1.", 0.0),
        ("1.", 0.0),
        ("1.1", 0.63),
        ("1.2", 0.63),
        ("1.2.1", 1.26),
        ("2.", 0.0),
    ]
    new_pages = [p.text for p in document.paragraphs if p.paragraph_format.page_break_before]
    assert new_pages == ["Notice of monitoring", "Access to workers' data"]
    assert document.core_properties.title == "Pack"
    assert document.core_properties.author == SITE
    assert document.core_properties.last_modified_by == SITE
    assert document.core_properties.comments == ""


def test_markdown_pack_of_a_small_clause_line_by_line(client, world):
    small = small_clause(world)
    add_to_pack(client, small.pk)

    response = client.get(f"{PACK}markdown/")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="example-union-academy-bargaining-pack.md"'
    )
    assert response.content.decode().split("\n") == [
        "# Bargaining pack",
        "",
        SITE,
        "",
        md_escape(today()),
        "",
        "## Contents",
        "",
        "- Notice of monitoring",
        "",
        "---",
        "",
        "## Notice of monitoring",
        "",
        "*Monitoring is announced.*",
        "",
        "**Clause type:** Co-governance model",
        "",
        "**Language:** French",
        "",
        "**Version date:** March 4, 2025",
        "",
        "### Clause text",
        "",
        r"1\. The employer shall give notice of any monitoring.",
        "",
        "### Licence and credits",
        "",
        "**Licence:** Public domain (CC0 1.0)",
        "",
        f"**Permanent link:** [{link(small)}]({link(small)})",
        "",
    ]


def test_markdown_writes_sub_clauses_bullets_links_and_emphasis(world):
    rich = rich_clause(world)
    text = pack_markdown(live(rich), permalinks={rich.pk: link(rich)}, title="Pack")
    clause_text = text.split("### Clause text\n\n")[1].split("\n\n### Variants")[0]
    assert clause_text.split("\n") == [
        r"1\. The employer shall tell workers, in writing, which **personal data** it collects "
        "about them and why.",
        "",
        "1.1 This includes data gathered by *digital tools* and by others acting for the employer.",
        "",
        "1.2 Workers may ask for a copy of their data at any time.",
        "",
        "1.2.1 The employer answers within [one month](https://law.example.org/access).",
        "",
        r"2\. The union is told before a new data system is used:",
        "",
        "- its purpose;",
        "- the ***data*** it uses.",
    ]
    rest = text.split("\n\n### Variants\n\n")[1].split("\n")
    assert rest == [
        "#### Ideal",
        "",
        "Workers see **all** data held about them.",
        "",
        "**When to use it:** Where the union is strong.",
        "",
        "#### Minimum",
        "",
        "Workers see the data used to assess them.",
        "",
        "### Rationale",
        "",
        "Workers cannot contest what they cannot see.",
        "",
        "### Negotiation notes",
        "",
        "Ask for the employer's data inventory first.",
        "",
        "### Legal references",
        "",
        "- [Example Data Protection Act, Article 12](https://law.example.org/dpa)",
        "- Model Labour Code",
        "",
        "### Sources",
        "",
        "- [Framework agreement on digital work](https://agreements.example.org/fa), "
        "Example Workers' Union, Freedonia, 2022",
        "",
        "### Where it applies",
        "",
        "**Themes:** Data rights › Access to data, Digital tools and AI",
        "",
        "**Sectors:** Health",
        "",
        "**Regions:** Europe",
        "",
        "**Jurisdictions:** Freedonia",
        "",
        "### Licence and credits",
        "",
        "**Licence:** Creative Commons Attribution-ShareAlike 4.0",
        "",
        "**Authors credited:** Ana Example (Example Workers' Union); Rui Sample",
        "",
        f"**Permanent link:** [{link(rich)}]({link(rich)})",
        "",
    ]


def test_empty_pack_sends_the_visitor_back_to_the_pack_page_with_a_message(world):
    for fmt in ("docx", "markdown"):
        response = Client().get(f"{PACK}{fmt}/")
        assert response.status_code == 302
        assert response["Location"] == PACK
        assert [str(m) for m in get_messages(response.wsgi_request)] == [
            "Add clauses to your pack before downloading it."
        ]


def test_a_clause_unpublished_after_it_was_added_is_left_out(client, world):
    kept = small_clause(world)
    withdrawn = make_clause(world.workspaces["europe"], title="Withdrawn clause")
    add_to_pack(client, withdrawn.pk)
    add_to_pack(client, kept.pk)
    withdrawn.unpublish()

    docx_text = [text for _style, text in paragraphs(client.get(f"{PACK}docx/").content)]
    markdown = client.get(f"{PACK}markdown/").content.decode()

    assert docx_text[3:6] == ["Contents", "Notice of monitoring", "Notice of monitoring"]
    assert "Withdrawn clause" not in "\n".join(docx_text)
    assert "Withdrawn clause" not in markdown
    assert markdown.count("## Notice of monitoring") == 1


def test_when_every_clause_was_unpublished_the_pack_is_empty(client, world):
    withdrawn = make_clause(world.workspaces["europe"], title="Withdrawn clause")
    add_to_pack(client, withdrawn.pk)
    withdrawn.unpublish()
    response = client.get(f"{PACK}docx/")
    assert (response.status_code, response["Location"]) == (302, PACK)


def test_version_date_and_labels_follow_the_visitors_language(client, world):
    small = small_clause(world)
    add_to_pack(client, small.pk)
    response = client.get(f"{PACK}docx/", HTTP_ACCEPT_LANGUAGE="fr")
    with translation.override("fr"):
        label = _("%(label)s:") % {"label": _("Version date")}
    assert paragraphs(response.content)[9] == ("Normal", f"{label} 4 mars 2025")


# --- Hostile or unusual text --------------------------------------------------------

HOSTILE = (
    "<p onclick=\"alert('p')\" style=\"color:red\">Keep this <script>alert('s')</script>"
    "sentence.</p>"
    "<style>p { display: none }</style>"
    '<ol><li>Item <img src="x" onerror="alert(\'img\')">one '
    "<a href=\"javascript:alert('a')\">click here</a> "
    "<a href=\" JaVa&#x09;ScRiPt:alert('b')\">tricky</a> "
    '<a href="data:text/html;base64,PHNjcmlwdD4=">data link</a> '
    '<a href="vbscript:msgbox">vb</a> '
    '<a href="/programme/">programme</a> '
    '<a href="mailto:rights@example.org">write to us</a></li></ol>'
    "<!-- a comment with alert('c') -->"
    "<iframe src=\"https://evil.example.org\">alert('f')</iframe>"
)


def test_scripts_handlers_and_unsafe_links_do_not_survive_in_either_format(world):
    clause = make_clause(
        world.workspaces["europe"],
        title="Hostile text",
        body=HOSTILE,
        variants=[
            (
                "variant",
                {
                    "level": "fallback",
                    "text": "<p><a href=\"javascript:alert('v')\">Fallback</a> wording."
                    "<script>alert('v2')</script></p>",
                    "note": "",
                },
            )
        ],
        rationale="<p><svg onload=\"alert('svg')\"><text>alert('t')</text></svg>Why.</p>",
    )
    clauses = live(clause)
    links = {clause.pk: link(clause)}
    content = pack_docx(clauses, permalinks=links, title="Pack")
    markdown = pack_markdown(clauses, permalinks=links, title="Pack")

    texts = [text for _style, text in paragraphs(content)]
    assert texts[texts.index("Clause text") + 1 :][:3] == [
        "Keep this sentence.",
        "1. Item one click here tricky data link vb programme "
        "(http://testserver/programme/) write to us (mailto:rights@example.org)",
        "Variants",
    ]
    assert "Fallback wording." in texts
    assert "Why." in texts
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        xml = package.read("word/document.xml").decode()
    for word in ("alert", "script", "onerror", "onclick", "data:", "vbscript", "evil", "color"):
        assert word not in xml.lower(), word
        assert word not in markdown.lower(), word

    assert "Keep this sentence." in markdown.split("\n")
    assert (
        r"1\. Item one click here tricky data link vb [programme](http://testserver/programme/)"
        " [write to us](mailto:rights@example.org)"
    ) in markdown.split("\n")
    # No raw HTML: every "<" left is escaped.
    assert re.findall(r"(?<!\\)<", markdown) == []


def test_markdown_escapes_what_users_typed(world):
    clause = make_clause(
        world.workspaces["europe"],
        title="# *Urgent* [notice](javascript:x) <b>",
        summary="1. _under_ `code` | table |",
        body="<p>- not a list</p><p>+ nor this</p><p>2) nor this</p><p>&lt;img src=x&gt;</p>"
        "<p>=====</p><p>A &amp; B ~~gone~~ \\*</p>",
        authors=[("author", {"name": "<script>x</script>", "organisation": ""})],
    )
    _dated(clause)
    markdown = pack_markdown(live(clause), permalinks={}, title="Pack > *all*")
    lines = markdown.split("\n")

    assert lines[0] == r"# Pack \> \*all\*"
    assert r"- \# \*Urgent\* \[notice\](javascript:x) \<b\>" in lines
    assert r"## \# \*Urgent\* \[notice\](javascript:x) \<b\>" in lines
    assert r"*1. \_under\_ \`code\` \| table \|*" in lines
    body = markdown.split("### Clause text\n\n")[1].split("\n\n### ")[0]
    assert body.split("\n\n") == [
        r"\- not a list",
        r"\+ nor this",
        r"2\) nor this",
        r"\<img src=x\>",
        r"\=====",
        r"A \& B \~\~gone\~\~ \\\*",
    ]
    assert r"**Authors credited:** \<script\>x\</script\>" in lines


def test_line_breaks_and_control_characters_in_plain_fields_stay_on_one_line(world):
    clause = make_clause(
        world.workspaces["europe"],
        title="Split\n# title\x0b",
        body="<p>First line<br>second line<br/><br/>third\x01</p>",
    )
    clauses = live(clause)
    markdown = pack_markdown(clauses, permalinks={}, title="Pack")
    texts = [text for _style, text in paragraphs(pack_docx(clauses, permalinks={}, title="Pack"))]

    assert r"## Split \# title" in markdown.split("\n")
    assert "First line\\\nsecond line\\\nthird" in markdown
    assert "Split # title" in texts
    assert "First line\nsecond line\nthird" in texts


def test_links_resolve_against_the_clauses_permanent_link(world, curriculum):
    clause = make_clause(
        world.workspaces["europe"],
        title="Linked",
        body=f'<p><a linktype="page" id="{curriculum.home.pk}">home page</a> and '
        '<a href="../1/">another clause</a> and <a href="#part">a part</a></p>',
    )
    clauses = live(clause)
    links = {clause.pk: "https://unions.example.org/clauses/c/7/"}
    texts = [text for _s, text in paragraphs(pack_docx(clauses, permalinks=links, title="P"))]
    assert (
        "home page (https://unions.example.org/) and another clause "
        "(https://unions.example.org/clauses/c/1/) and a part "
        "(https://unions.example.org/clauses/c/7/#part)"
    ) in texts


def test_export_queries_do_not_grow_with_the_pack(world, django_assert_num_queries):
    one = live(rich_clause(world))
    many = live(
        *one,
        small_clause(world, title="Second"),
        small_clause(world, title="Third", themes=[world.themes["access"]]),
    )
    for clauses in (one, many):
        # One query: the main themes of the sub-themes in the pack.
        with django_assert_num_queries(1):
            pack_docx(clauses, permalinks={}, title="Pack")
        with django_assert_num_queries(1):
            pack_markdown(clauses, permalinks={}, title="Pack")
