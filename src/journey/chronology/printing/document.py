"""The chronology laid out as A4 pages by ReportLab: the title and what the print holds, then each
entry kept whole on a page where it fits, under a running head (whose chronology, OFFICIAL-
SENSITIVE) and over a foot (who printed it, page n of N)."""

from __future__ import annotations

import functools
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import HRFlowable, KeepTogether, Paragraph, SimpleDocTemplate

from journey.core.templatetags.govuk import govuk_datetime

if TYPE_CHECKING:
    from journey.chronology.models import ChronologyEntry
    from journey.chronology.printing import ChronologyPrint

FONTS = Path(__file__).parent / "fonts"
SANS, SANS_BOLD = "JourneySans", "JourneySans-Bold"
#: Characters the print handles as layout, not glyphs.
LAYOUT = frozenset("\n\r\t")

BLACK, GREY, PURPLE, RULE = (HexColor(c) for c in ("#0b0c0c", "#505a5f", "#4c2c92", "#b1b4b6"))
SIDE, TOP, BOTTOM = 16 * mm, 22 * mm, 20 * mm

STYLES = {
    "h1": ParagraphStyle("h1", fontName=SANS_BOLD, fontSize=18, leading=22, spaceAfter=4),
    "about": ParagraphStyle("about", fontName=SANS, fontSize=10, leading=13.5, textColor=GREY),
    "when": ParagraphStyle("when", fontName=SANS, fontSize=9, leading=12, textColor=GREY),
    "title": ParagraphStyle("title", fontName=SANS_BOLD, fontSize=10, leading=13.5),
    "text": ParagraphStyle("text", fontName=SANS, fontSize=10, leading=13.5),
    "reason": ParagraphStyle("reason", fontName=SANS, fontSize=8.5, leading=11.5, textColor=GREY),
}


@functools.cache
def _glyphs() -> frozenset[int]:
    """Registers the fonts (once a process) and returns the characters both of them draw."""
    covered = None
    for name, file in (
        (SANS, "LiberationSans-Regular.ttf"),
        (SANS_BOLD, "LiberationSans-Bold.ttf"),
    ):
        font = TTFont(name, str(FONTS / file))
        pdfmetrics.registerFont(font)
        chars = frozenset(font.face.charToGlyph)
        covered = chars if covered is None else covered & chars
    pdfmetrics.registerFontFamily(SANS, normal=SANS, bold=SANS_BOLD, italic=SANS, boldItalic=SANS)
    return covered or frozenset()


def fonts_cover(text: str) -> bool:
    glyphs = _glyphs()
    return all(ord(ch) in glyphs or ch in LAYOUT for ch in set(text))


def write(printed: ChronologyPrint) -> bytes:
    _glyphs()
    out = io.BytesIO()
    pages = SimpleDocTemplate(
        out,
        pagesize=A4,
        title=printed.title,
        author=printed.printed_by,
        subject="OFFICIAL-SENSITIVE",
        creator="Journey",
        lang="en-GB",
        leftMargin=SIDE,
        rightMargin=SIDE,
        topMargin=TOP,
        bottomMargin=BOTTOM,
    )
    pages.build(_story(printed), canvasmaker=functools.partial(_NumberedPages, printed=printed))
    return out.getvalue()


def _story(printed: ChronologyPrint) -> list[Any]:
    story: list[Any] = [Paragraph(_text(printed.title), STYLES["h1"])]
    story.append(Paragraph("<br/>".join(_text(line) for line in printed.about()), STYLES["about"]))
    if printed.cut_short:
        story.append(Paragraph(f"<b>{_text(printed.cut_short)}</b>", STYLES["text"]))
    story.append(_rule())
    story += [_entry(entry) for entry in printed.entries]
    return story


def _entry(entry: ChronologyEntry) -> KeepTogether:
    when = f"{govuk_datetime(entry.occurred_at)} · {entry.get_kind_display()}"
    if entry.is_significant:
        when += f' · <font name="{SANS_BOLD}" color="{PURPLE.hexval()}">Significant</font>'
    parts = [Paragraph(_text(when, markup=True), STYLES["when"])]
    parts.append(Paragraph(_struck(entry, _text(entry.title)), STYLES["title"]))
    if entry.summary:
        parts.append(Paragraph(_struck(entry, _text(entry.summary)), STYLES["text"]))
    reason = f"Recorded by {entry.recorded_by_name or 'the system'}"
    if entry.in_error:
        reason += f". Recorded in error: {entry.in_error_reason}"
    if entry.is_significant and entry.significance_reason:
        reason += f". Significant because: {entry.significance_reason}"
    parts += [Paragraph(_text(reason), STYLES["reason"]), _rule()]
    return KeepTogether(parts)


def _text(value: str, markup: bool = False) -> str:
    """User text as paragraph markup: escaped (unless it is our own markup), lines kept."""
    text = value if markup else escape(value)
    return text.replace("\r\n", "\n").replace("\n", "<br/>")


def _struck(entry: ChronologyEntry, text: str) -> str:
    return (
        f'<strike><font color="{GREY.hexval()}">{text}</font></strike>' if entry.in_error else text
    )


def _rule() -> HRFlowable:
    return HRFlowable(width="100%", thickness=0.5, color=RULE, spaceBefore=4, spaceAfter=4)


class _NumberedPages(Canvas):
    """Holds each laid-out page until the last, so that every page can say "Page n of N"
    (ReportLab's way to a total page count), then draws the head and foot on each."""

    def __init__(self, *args: Any, printed: ChronologyPrint, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._printed = printed
        self._held: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        for state in self._held:
            self.__dict__.update(state)
            self._head_and_foot(len(self._held))
            super().showPage()
        super().save()

    def _head_and_foot(self, pages: int) -> None:
        printed, width, height = self._printed, A4[0], A4[1]
        # The frame pads its text by 6pt: the head and foot line up with it.
        left, right = SIDE + 6, width - SIDE - 6
        self.saveState()
        self.setFont(SANS, 9)
        self.setFillColor(GREY)
        self.drawString(left, height - 12 * mm, f"{printed.title} ({printed.child.local_id})")
        self.setFont(SANS_BOLD, 9)
        self.setFillColor(BLACK)
        self.drawRightString(right, height - 12 * mm, "OFFICIAL-SENSITIVE")
        self.setFont(SANS, 8)
        self.setFillColor(GREY)
        self.drawString(
            left,
            10 * mm,
            f"Printed by {printed.printed_by} on {govuk_datetime(printed.printed_at)}",
        )
        self.setFillColor(BLACK)
        self.drawRightString(right, 10 * mm, f"Page {self._pageNumber} of {pages}")
        self.restoreState()
