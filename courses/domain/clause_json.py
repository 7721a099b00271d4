"""A published clause as plain data, for the library's JSON endpoint."""

from .clause_access import published_clauses
from .rich_text import safe_rich_text


def _html(value) -> str:
    return str(safe_rich_text(value))


def _web_url(value) -> str:
    """Links to the web only: anything else (javascript:, data:) is left out."""
    value = (value or "").strip()
    return value if value.lower().startswith(("https://", "http://")) else ""


def clause_as_dict(clause, *, permalink: str, url: str, full: bool) -> dict:
    """The clause's public fields. `full` adds the texts, references and credits."""
    data = {
        "id": clause.pk,
        "title": clause.title,
        "summary": clause.summary,
        "clause_type": clause.clause_type,
        "language": clause.language,
        "url": url,
        "permalink": permalink,
        "published_at": clause.last_published_at.isoformat() if clause.last_published_at else None,
        "themes": [theme.slug for theme in clause.themes.all()],
        "regions": [region.slug for region in clause.regions.all()],
    }
    if not full:
        return data
    data.update(
        {
            "first_published_at": clause.first_published_at.isoformat()
            if clause.first_published_at
            else None,
            "licence": clause.licence,
            "body_html": _html(clause.body),
            "variants": [
                {
                    "level": block.value["level"],
                    "text_html": _html(block.value["text"]),
                    "note": block.value["note"],
                }
                for block in clause.variants
            ],
            "rationale_html": _html(clause.rationale),
            "negotiation_notes_html": _html(clause.negotiation_notes),
            "legal_references": [
                {
                    "instrument": block.value["instrument"],
                    "provision": block.value["provision"],
                    "url": _web_url(block.value["url"]),
                }
                for block in clause.legal_references
            ],
            "sources": [
                {
                    "agreement": block.value["agreement"],
                    "union": block.value["union"],
                    "country": block.value["country"],
                    "year": block.value["year"],
                    "url": _web_url(block.value["url"]),
                }
                for block in clause.sources
            ],
            "themes": [
                {
                    "slug": theme.slug,
                    "name": theme.name,
                    "parent": theme.parent.slug if theme.parent_id else None,
                }
                for theme in clause.themes.all()
            ],
            "sectors": [sector.slug for sector in clause.sectors.all()],
            "jurisdictions": [item.code for item in clause.jurisdictions.all()],
            "authors": [
                {"name": block.value["name"], "organisation": block.value["organisation"]}
                for block in clause.authors
            ],
            # Only an original the public can see; a draft's id would reveal that it exists.
            "translation_of": clause.translation_of_id
            if clause.translation_of_id
            and published_clauses().filter(pk=clause.translation_of_id).exists()
            else None,
        }
    )
    return data
