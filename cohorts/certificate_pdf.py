"""The certificate as a PDF: A4 landscape, in the holder's language, with a QR code.

Drawn with fpdf2 and segno, pure Python: nothing to install on the server. Names may be in
any script DejaVu Sans covers (Latin, Greek, Cyrillic and more), so the font is embedded
(subset) from cohorts/fonts/; nothing is fetched at run time.
"""

from pathlib import Path

import segno
from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from cohorts.domain.certificates import certificate_verify_url
from cohorts.models import Certificate
from lms.languages import interface_language

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVuSans"

PAGE_W, PAGE_H = 297, 210  # A4 landscape, mm
MARGIN = 24
TEXT_W = PAGE_W - 2 * MARGIN
QR_SIZE = 34

INK = (33, 37, 41)
MUTED = (87, 94, 102)
ACCENT = (0, 84, 110)
WARNING = (176, 0, 32)


def _fit_size(pdf: FPDF, text: str, *, style: str, largest: float, smallest: float) -> float:
    """The largest font size from `largest` down at which `text` fits on one line."""
    size = largest
    while size > smallest:
        pdf.set_font(FONT, style, size)
        if pdf.get_string_width(text) <= TEXT_W:
            break
        size -= 1
    return size


def _centred(pdf: FPDF, text: str, *, size: float, style: str = "", colour=INK, gap: float = 0):
    pdf.set_font(FONT, style, size)
    pdf.set_text_color(*colour)
    # multi_cell wraps what still does not fit (a very long track title or name).
    pdf.multi_cell(TEXT_W, size * 0.45, text, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if gap:
        pdf.ln(gap)


def _qr_code(pdf: FPDF, url: str, *, x: float, y: float, size: float) -> None:
    """`url` as a QR code drawn in vectors: one filled path, so no seams between modules."""
    qr = segno.make(url, error="m", micro=False)
    rows = qr.matrix
    module = size / len(rows)
    with pdf.new_path() as path:
        path.style.fill_color = "#000000"
        path.style.stroke_color = None
        for row_number, row in enumerate(rows):
            column = 0
            while column < len(row):
                if not row[column]:
                    column += 1
                    continue
                start = column
                while column < len(row) and row[column]:
                    column += 1
                path.rectangle(
                    x + start * module, y + row_number * module, (column - start) * module, module
                )
    pdf.link(x, y, size, size, url)


def _labelled(pdf: FPDF, columns: list[tuple[str, str]], *, y: float) -> None:
    """Side-by-side label over value pairs, centred as a group."""
    width = TEXT_W / len(columns)
    for index, (label, value) in enumerate(columns):
        x = MARGIN + index * width
        pdf.set_xy(x, y)
        pdf.set_font(FONT, "", 9)
        pdf.set_text_color(*MUTED)
        pdf.cell(width, 5, label.upper(), align="C")
        pdf.set_xy(x, y + 6)
        pdf.set_font(FONT, "B", 14)
        pdf.set_text_color(*INK)
        pdf.multi_cell(width, 6.5, value, align="C")


def _frame(pdf: FPDF) -> None:
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(1.2)
    pdf.rect(9, 9, PAGE_W - 18, PAGE_H - 18)
    pdf.set_line_width(0.3)
    pdf.rect(12.5, 12.5, PAGE_W - 25, PAGE_H - 25)


def _new_document(certificate: Certificate, *, title: str) -> FPDF:
    pdf = FPDF(orientation="landscape", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.add_font(FONT, "", FONT_DIR / "DejaVuSans.ttf")
    pdf.add_font(FONT, "B", FONT_DIR / "DejaVuSans-Bold.ttf")
    # HarfBuzz joins Arabic letters and lays out right-to-left names as they are written.
    pdf.set_text_shaping(True)
    site_name = settings.WAGTAIL_SITE_NAME
    # Metadata names the programme, never a person's address.
    pdf.set_title(f"{title}: {certificate.full_name}")
    pdf.set_subject(certificate.track_title)
    pdf.set_author(site_name)
    pdf.set_creator(site_name)
    pdf.set_lang(translation.get_language())
    pdf.set_creation_date(certificate.issued_at)
    pdf.add_page()
    return pdf


def certificate_pdf(certificate: Certificate, *, base_url: str) -> bytes:
    """The certificate as PDF bytes, in the language it was issued in (English when the
    interface has no catalogue for it)."""
    verify_url = certificate_verify_url(certificate, base_url=base_url)
    language = interface_language(certificate.language, fallback=settings.LANGUAGE_CODE)
    with translation.override(language):
        title = _("Certificate of completion")
        pdf = _new_document(certificate, title=title)
        _frame(pdf)

        pdf.set_y(26)
        _centred(pdf, settings.WAGTAIL_SITE_NAME, size=15, style="B", colour=ACCENT, gap=5)
        _centred(pdf, title, size=30, style="B", gap=3)
        if not certificate.is_valid:
            revoked_on = date_format(timezone.localtime(certificate.revoked_at), "DATE_FORMAT")
            _centred(
                pdf,
                _("Revoked on %(date)s: this certificate is no longer valid.")
                % {"date": revoked_on},
                size=13,
                style="B",
                colour=WARNING,
            )
        pdf.ln(4)
        _centred(pdf, _("This certifies that"), size=13, colour=MUTED, gap=3)
        name_size = _fit_size(pdf, certificate.full_name, style="B", largest=28, smallest=16)
        _centred(pdf, certificate.full_name, size=name_size, style="B", gap=4)
        _centred(
            pdf,
            _("has attended every seminar and completed the practical part of the track"),
            size=13,
            colour=MUTED,
            gap=3,
        )
        track_size = _fit_size(pdf, certificate.track_title, style="B", largest=19, smallest=13)
        _centred(pdf, certificate.track_title, size=track_size, style="B", colour=ACCENT)

        _labelled(
            pdf,
            [
                (_("Region"), certificate.region_name),
                (_("Completed on"), date_format(certificate.completed_on, "DATE_FORMAT")),
            ],
            y=max(pdf.get_y() + 8, 128),
        )

        qr_x, qr_y = PAGE_W - MARGIN - QR_SIZE, PAGE_H - MARGIN - QR_SIZE - 2
        _qr_code(pdf, verify_url, x=qr_x, y=qr_y, size=QR_SIZE)
        text_w = qr_x - MARGIN - 8
        pdf.set_xy(MARGIN, qr_y + 4)
        pdf.set_font(FONT, "", 9)
        pdf.set_text_color(*MUTED)
        pdf.cell(text_w, 5, _("Verification code").upper(), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(FONT, "B", 15)
        pdf.set_text_color(*INK)
        pdf.cell(text_w, 8, certificate.code, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2)
        pdf.set_font(FONT, "", 9)
        pdf.set_text_color(*MUTED)
        pdf.cell(
            text_w,
            5,
            _("Check this certificate by scanning the code or at:"),
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        pdf.set_text_color(*ACCENT)
        pdf.multi_cell(text_w, 5, verify_url, link=verify_url)
    return bytes(pdf.output())
