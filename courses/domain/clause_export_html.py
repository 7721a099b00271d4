"""Clause rich text as plain blocks and runs, for the DOCX and Markdown bargaining packs.

Rich text is HTML written by curators (or pasted into the editor), so only its words,
bold, italic, lists and safe links are carried over: every tag's attributes are dropped,
scripts and styles with their contents, and links to anything but the web, e-mail or a
phone number keep their words and lose their address.
"""

import re
from dataclasses import dataclass, field, replace
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString
from wagtail.rich_text import expand_db_html

from .rich_text import without_unpublished_page_links

PARAGRAPH = "paragraph"
NUMBERED = "numbered"
BULLET = "bullet"
# Text inside a list item after its first paragraph (after a nested list or a new paragraph).
CONTINUATION = "continuation"

LINE_BREAK = "\n"

SAFE_SCHEMES = {"http", "https", "mailto", "tel", "ftp"}
# Elements whose contents are never text for a reader.
DROPPED = {
    "script",
    "style",
    "template",
    "noscript",
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
    "head",
    "title",
    "textarea",
    "select",
    "img",
    "video",
    "audio",
}
BLOCKS = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "figure",
    "figcaption",
    "address",
    "dl",
    "dt",
    "dd",
    "table",
    "tr",
    "hr",
}
BOLD = {"b", "strong"}
ITALIC = {"i", "em"}

# Characters XML 1.0 forbids; a DOCX with one of them does not open.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_SPACES = re.compile(r"[ \t\n\r\f\v\u00a0]+")
# Browsers ignore tabs and line feeds anywhere in a URL ("java\tscript:" is javascript:).
_URL_IGNORED = re.compile("[\t\n\r]")


def clean_text(value) -> str:
    """`value` as text without the control characters a Word document cannot hold."""
    return _NOT_XML.sub("", str(value or ""))


def plain_text(value) -> str:
    """A plain field (a title, a name) on one line: a line feed in it must not start a
    Markdown heading or list of its own."""
    return _SPACES.sub(" ", clean_text(value)).strip()


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None

    def same_look(self, other) -> bool:
        return (self.bold, self.italic, self.href) == (other.bold, other.italic, other.href)


@dataclass
class Block:
    """One paragraph: a sub-clause ("1.1"), a bullet, or plain text, at a list depth."""

    runs: list[Run] = field(default_factory=list)
    kind: str = PARAGRAPH
    marker: str = ""  # "1.", "1.1", "1.1.1" for numbered sub-clauses
    depth: int = 0  # how many lists it sits in
    bullet_depth: int = 0  # how many of those are bulleted


@dataclass
class Heading:
    level: int
    text: str


def safe_href(raw, base: str = "") -> str | None:
    """A link's address made absolute against `base`, or None when it is not a web,
    e-mail or phone address (javascript:, data:, vbscript: and the like)."""
    url = _URL_IGNORED.sub("", clean_text(raw)).strip()
    if not url:
        return None
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    if not scheme:
        head = re.split(r"[/?#]", url, maxsplit=1)[0]
        if ":" in head:
            # Something a browser might still read as a scheme: not worth the risk.
            return None
        url = urljoin(base, url) if base else url
        try:
            scheme = urlsplit(url).scheme.lower()
        except ValueError:
            return None
    if scheme and scheme not in SAFE_SCHEMES:
        return None
    return url


def _normalised(runs: list[Run]) -> list[Run]:
    """HTML's whitespace rules: spaces collapse, none at the start or end of a line."""
    kept: list[Run] = []
    at_line_start = True
    for run in runs:
        if run.text == LINE_BREAK:
            if kept and kept[-1].text != LINE_BREAK:
                kept[-1].text = kept[-1].text.rstrip(" ")
                kept.append(run)
            at_line_start = True
            continue
        text = run.text.lstrip(" ") if at_line_start else run.text
        if text:
            kept.append(replace(run, text=text))
            at_line_start = text.endswith(" ")
    while kept and kept[-1].text == LINE_BREAK:
        kept.pop()
    if kept:
        kept[-1].text = kept[-1].text.rstrip(" ")
    merged: list[Run] = []
    for run in kept:
        if not run.text:
            continue
        if merged and merged[-1].same_look(run) and LINE_BREAK not in (run.text, merged[-1].text):
            merged[-1].text += run.text
        else:
            merged.append(run)
    return merged


@dataclass
class _Look:
    bold: bool = False
    italic: bool = False
    href: str | None = None


@dataclass
class _ListLevel:
    ordered: bool
    count: int = 0


class _Walker:
    def __init__(self, base: str):
        self.base = base
        self.blocks: list[Block] = []
        self.runs: list[Run] = []
        self.lists: list[_ListLevel] = []
        self.style = Block()

    def flush(self):
        runs = _normalised(self.runs)
        self.runs = []
        if not runs:
            return
        self.blocks.append(replace(self.style, runs=runs))
        if self.style.kind in (NUMBERED, BULLET):
            # Whatever else the item holds continues it, under the same indent.
            self.style = replace(self.style, kind=CONTINUATION, marker="")

    def text(self, value: str, look: _Look):
        value = _SPACES.sub(" ", clean_text(value))
        if value:
            self.runs.append(Run(value, look.bold, look.italic, look.href))

    def walk(self, node, look: _Look):
        for child in node.children:
            if isinstance(child, PreformattedString):
                continue  # comments, CDATA, processing instructions, doctypes
            if isinstance(child, NavigableString):
                self.text(str(child), look)
            elif isinstance(child, Tag):
                self.element(child, look)

    def element(self, tag: Tag, look: _Look):
        name = (tag.name or "").lower()
        if name in DROPPED:
            return
        if name == "br":
            self.runs.append(Run(LINE_BREAK))
        elif name in ("ol", "ul"):
            self.flush()
            self.lists.append(_ListLevel(ordered=name == "ol"))
            self.walk(tag, look)
            self.lists.pop()
            self.flush()
        elif name == "li":
            self.item(tag, look)
        elif name in BLOCKS:
            self.flush()
            self.walk(tag, look)
            self.flush()
        else:
            self.walk(tag, self.inline_look(name, tag, look))

    def inline_look(self, name: str, tag: Tag, look: _Look) -> _Look:
        if name in BOLD:
            return replace(look, bold=True)
        if name in ITALIC:
            return replace(look, italic=True)
        if name == "a" and look.href is None:
            return replace(look, href=safe_href(tag.get("href"), self.base))
        return look

    def item(self, tag: Tag, look: _Look):
        self.flush()
        outer = self.style
        if self.lists:
            current = self.lists[-1]
            current.count += 1
            depth = len(self.lists)
            bullets = sum(1 for level in self.lists if not level.ordered)
            if current.ordered:
                numbers = [str(level.count) for level in self.lists if level.ordered]
                marker = f"{numbers[0]}." if len(numbers) == 1 else ".".join(numbers)
                self.style = Block(kind=NUMBERED, marker=marker, depth=depth, bullet_depth=bullets)
            else:
                self.style = Block(kind=BULLET, depth=depth, bullet_depth=bullets)
        self.walk(tag, look)
        self.flush()
        self.style = outer

    def finish(self) -> list[Block]:
        self.flush()
        return self.blocks


def rich_text_blocks(value, *, base: str = "") -> list[Block]:
    """Wagtail rich text (its stored HTML) as blocks; relative links resolve against `base`.

    Ordered lists, nested, number their items as sub-clauses: 1., 1.1, 1.1.1.
    """
    source = getattr(value, "source", value) or ""
    html = expand_db_html(without_unpublished_page_links(str(source)))
    soup = BeautifulSoup(html, "html.parser")
    walker = _Walker(base)
    walker.walk(soup, _Look())
    return walker.finish()
