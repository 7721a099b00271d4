"""Bargaining packs as DOCX and Markdown: the clauses a visitor picked, ready to take to
the bargaining table and to adapt.

Both formats come from one outline (`_pack_outline`): headings and paragraphs of runs,
so a clause reads the same in either. Sub-clause numbers (1., 1.1, 1.1.1) are written as
text, because Word's numbered-list styles do not nest. Everything a curator typed is text
in the output: Markdown escapes its control characters, and no HTML is carried through.
"""

import io
import re
from urllib.parse import quote

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..enums import VariantLevel
from .clause_export_html import (
    BULLET,
    CONTINUATION,
    LINE_BREAK,
    NUMBERED,
    Block,
    Heading,
    Run,
    plain_text,
    rich_text_blocks,
    safe_href,
)

# A clause starts on a new page in the DOCX; in Markdown a rule separates clauses.
NEW_PAGE = object()


def _field(label: str, value: str, *, href: str | None = None) -> Block:
    return Block(
        runs=[Run(_("%(label)s:") % {"label": label} + " ", bold=True), Run(value, href=href)]
    )


def _date(moment) -> str:
    if moment is None:
        return ""
    return formats.date_format(timezone.localtime(moment), "DATE_FORMAT")


def _names(items) -> str:
    return ", ".join(plain_text(item) for item in items)


def _theme_names(clause, parents: dict[int, str]) -> str:
    return ", ".join(
        f"{parents[theme.parent_id]} › {theme.name}" if theme.parent_id in parents else theme.name
        for theme in clause.themes.all()
    )


def _section(title: str, blocks: list) -> list:
    return [Heading(2, title), *blocks] if blocks else []


def _reference(value, base: str) -> Block:
    text = plain_text(value["instrument"])
    if value["provision"]:
        text = _("%(instrument)s, %(provision)s") % {
            "instrument": text,
            "provision": plain_text(value["provision"]),
        }
    return Block(
        kind=BULLET, depth=1, bullet_depth=1, runs=[Run(text, href=safe_href(value["url"], base))]
    )


def _source(value, base: str) -> Block:
    details = [value["union"], value["country"], value["year"]]
    runs = [Run(plain_text(value["agreement"]), href=safe_href(value["url"], base))]
    rest = ", ".join(plain_text(item) for item in details if item)
    if rest:
        runs.append(Run(f", {rest}"))
    return Block(kind=BULLET, depth=1, bullet_depth=1, runs=runs)


def _author(value) -> str:
    name = plain_text(value["name"])
    if not value["organisation"]:
        return name
    return _("%(name)s (%(organisation)s)") % {
        "name": name,
        "organisation": plain_text(value["organisation"]),
    }


def _clause_outline(clause, *, permalink: str, parents: dict[int, str]) -> list:
    base = permalink  # links inside the clause resolve against its own address
    levels = dict(VariantLevel.choices)
    variants = []
    for block in clause.variants:
        value = block.value
        variants.append(Heading(3, str(levels.get(value["level"], value["level"]))))
        variants.extend(rich_text_blocks(value["text"], base=base))
        if value["note"]:
            variants.append(_field(_("When to use it"), plain_text(value["note"])))
    applies = [
        _field(label, text)
        for label, text in [
            (_("Themes"), _theme_names(clause, parents)),
            (_("Sectors"), _names(clause.sectors.all())),
            (_("Regions"), _names(clause.regions.all())),
            (_("Jurisdictions"), _names(clause.jurisdictions.all())),
        ]
        if text
    ]
    authors = "; ".join(_author(block.value) for block in clause.authors)
    credits = [_field(_("Licence"), str(clause.get_licence_display()))]
    if authors:
        credits.append(_field(_("Authors credited"), authors))
    if permalink:
        credits.append(_field(_("Permanent link"), permalink, href=safe_href(permalink)))
    return [
        NEW_PAGE,
        Heading(1, plain_text(clause.title)),
        *([Block(runs=[Run(plain_text(clause.summary), italic=True)])] if clause.summary else []),
        _field(_("Clause type"), str(clause.get_clause_type_display())),
        _field(_("Language"), str(clause.get_language_display())),
        _field(_("Version date"), _date(clause.last_published_at)),
        *_section(_("Clause text"), rich_text_blocks(clause.body, base=base)),
        *_section(_("Variants"), variants),
        *_section(_("Rationale"), rich_text_blocks(clause.rationale, base=base)),
        *_section(_("Negotiation notes"), rich_text_blocks(clause.negotiation_notes, base=base)),
        *_section(
            _("Legal references"), [_reference(b.value, base) for b in clause.legal_references]
        ),
        *_section(_("Sources"), [_source(b.value, base) for b in clause.sources]),
        *_section(_("Where it applies"), applies),
        *_section(_("Licence and credits"), credits),
    ]


def _theme_parents(clauses) -> dict[int, str]:
    """Main-theme names for the sub-themes in the pack, in one query."""
    from ..models import Theme

    ids = {theme.parent_id for clause in clauses for theme in clause.themes.all()}
    ids.discard(None)
    return dict(Theme.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}


def _pack_outline(clauses, *, permalinks: dict[int, str], title: str) -> list:
    parents = _theme_parents(clauses)
    outline = [
        Heading(0, plain_text(title)),
        Block(runs=[Run(plain_text(settings.WAGTAIL_SITE_NAME))]),
        Block(runs=[Run(_date(timezone.now()))]),
        Heading(1, _("Contents")),
        *(
            Block(kind=BULLET, depth=1, bullet_depth=1, runs=[Run(plain_text(clause.title))])
            for clause in clauses
        ),
    ]
    for clause in clauses:
        outline.extend(
            _clause_outline(clause, permalink=permalinks.get(clause.pk, ""), parents=parents)
        )
    return outline


# --- DOCX ---------------------------------------------------------------------------

INDENT_CM = 0.63


def _link_groups(runs: list[Run]):
    """Each run, with the address of the link it ends (None unless it is a link's last run):
    a link's words may be spread over runs in bold and plain."""
    for index, run in enumerate(runs):
        following = runs[index + 1].href if index + 1 < len(runs) else None
        yield run, run.href if run.href and following != run.href else None


def _docx_block(document, block: Block):
    from docx.shared import Cm

    style = None
    if block.kind == BULLET:
        level = min(max(block.depth, 1), 3)
        style = "List Bullet" if level == 1 else f"List Bullet {level}"
    paragraph = document.add_paragraph(style=style)
    if block.kind == NUMBERED:
        paragraph.paragraph_format.left_indent = Cm(INDENT_CM * (block.depth - 1))
        paragraph.add_run(f"{block.marker} ")
    elif block.kind == CONTINUATION:
        paragraph.paragraph_format.left_indent = Cm(INDENT_CM * block.depth)
    link_text = ""
    for run, link_ends in _link_groups(block.runs):
        piece = paragraph.add_run(run.text)
        piece.bold = run.bold or None
        piece.italic = run.italic or None
        link_text = link_text + run.text if run.href else ""
        if link_ends:
            # Printed documents keep the address; it is left out when the words are it.
            if link_text != link_ends:
                paragraph.add_run(f" ({link_ends})")
            link_text = ""


def pack_docx(clauses, *, permalinks: dict[int, str], title: str) -> bytes:
    """The pack as a Word document: a cover with its contents, then a page per clause.

    `clauses` are live ModelClausePage objects (themes, sectors, regions and jurisdictions
    prefetched) in the visitor's order; `permalinks` maps each clause's id to its link.
    """
    from docx import Document

    document = Document()
    properties = document.core_properties
    site = plain_text(settings.WAGTAIL_SITE_NAME)
    properties.title = plain_text(title)
    properties.author = site
    properties.last_modified_by = site
    properties.comments = ""
    properties.language = get_language() or settings.LANGUAGE_CODE
    properties.created = properties.modified = timezone.now()
    properties.revision = 1

    new_page = False
    for part in _pack_outline(clauses, permalinks=permalinks, title=title):
        if part is NEW_PAGE:
            new_page = True
        elif isinstance(part, Heading):
            heading = document.add_heading(part.text, level=part.level)
            heading.paragraph_format.page_break_before = new_page or None
            new_page = False
        else:
            _docx_block(document, part)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


# --- Markdown -----------------------------------------------------------------------

_MD_ANYWHERE = re.compile(r"([\\`*_\[\]<>&|~#])")
# What makes a list, a quote or a heading underline when it starts a line.
_MD_LINE_START = re.compile(r"^(\d{1,9}(?=[.)](?:\s|$))|)([-+=.)])")
_URL_SAFE = "!#$%&'()*+,-./:;=?@[]^_{|}~"


def md_escape(text: str, *, line_start: bool = False) -> str:
    """Text from a user, shown as itself: no emphasis, link, heading, list or HTML."""
    text = _MD_ANYWHERE.sub(r"\\\1", text)
    if line_start:
        text = _MD_LINE_START.sub(r"\1\\\2", text)
    return text


def _md_url(url: str) -> str:
    return quote(url, safe=_URL_SAFE).replace("(", r"\(").replace(")", r"\)")


def _md_run(run: Run, *, line_start: bool) -> str:
    text = run.text
    core = text.strip(" ")
    if not core:
        return text
    lead, trail = text[: len(text) - len(text.lstrip(" "))], text[len(text.rstrip(" ")) :]
    mark = ("**" if run.bold else "") + ("*" if run.italic else "")
    # Behind a space or an emphasis mark, "1." or "-" no longer starts a line.
    escaped = md_escape(core, line_start=line_start and not (lead or mark))
    return f"{lead}{mark}{escaped}{mark}{trail}"


def _md_runs(runs: list[Run], *, indent: str) -> str:
    out = []
    line_start = True
    link = []
    for run, link_ends in _link_groups(runs):
        if run.text == LINE_BREAK:
            out.append("\\\n" + indent)
            line_start = True
            continue
        piece = _md_run(run, line_start=line_start and not run.href)
        line_start = False
        if not run.href:
            out.append(piece)
            continue
        link.append(piece)
        if link_ends:
            out.append(f"[{''.join(link)}]({_md_url(link_ends)})")
            link = []
    return "".join(out)


def _md_block(block: Block) -> str:
    if block.kind == BULLET:
        indent = "  " * block.bullet_depth
        return "  " * (block.bullet_depth - 1) + "- " + _md_runs(block.runs, indent=indent)
    indent = "  " * block.bullet_depth
    text = _md_runs(block.runs, indent=indent)
    if block.kind == NUMBERED:
        return f"{indent}{md_escape(block.marker, line_start=True)} {text}"
    return indent + text


def pack_markdown(clauses, *, permalinks: dict[int, str], title: str) -> str:
    """The pack as Markdown, for unions' own wikis and editors; same content as the DOCX."""
    chunks: list[str] = []
    previous = None
    for part in _pack_outline(clauses, permalinks=permalinks, title=title):
        if part is NEW_PAGE:
            chunks.append("\n\n---" if chunks else "---")
            previous = None
            continue
        if isinstance(part, Heading):
            text = "#" * (part.level + 1) + " " + md_escape(part.text)
        else:
            text = _md_block(part)
        tight = previous == BULLET and getattr(part, "kind", None) == BULLET
        if chunks:
            chunks.append("\n" if tight else "\n\n")
        chunks.append(text)
        previous = getattr(part, "kind", None)
    return "".join(chunks) + "\n"
