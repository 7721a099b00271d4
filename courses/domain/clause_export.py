"""Bargaining packs as DOCX and Markdown (being written)."""


def pack_docx(clauses, *, permalinks, title):
    raise NotImplementedError


def pack_markdown(clauses, *, permalinks, title):
    raise NotImplementedError
