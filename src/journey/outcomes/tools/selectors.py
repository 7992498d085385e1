"""The outcome tools pages' read models, in a fixed number of queries however many tools,
versions, scales and measures there are."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Count, Prefetch

from journey.cases.models import EpisodeKind
from journey.outcomes.models import Measurement, OutcomeTool, Scale, ScoredBy, ToolVersion


def _kind_words(kinds: list[str]) -> list[str]:
    return [EpisodeKind(k).label if k in EpisodeKind.values else k for k in kinds]


def _scorer_words(scorers: list[str]) -> list[str]:
    return [ScoredBy(s).label if s in ScoredBy.values else s for s in scorers]


def _current(versions: list[ToolVersion]) -> ToolVersion | None:
    published = [v for v in versions if v.is_published]
    return max(published, key=lambda v: v.number) if published else None


def _draft(versions: list[ToolVersion]) -> ToolVersion | None:
    return next((v for v in versions if not v.is_published), None)


# --- the list -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ToolRow:
    tool: OutcomeTool
    current: ToolVersion | None  # the published version new measures use
    draft: ToolVersion | None
    kinds_of_work: list[str]  # in words, from the current version (or the draft, if none)
    measures: int


def _measures_by_tool() -> dict[int, int]:
    counted = Measurement.objects.order_by().values_list("version__tool_id").annotate(n=Count("pk"))
    return dict(counted)


def tool_list() -> list[ToolRow]:
    """Every tool, retired ones last: three queries (the tools, their versions, the counts)."""
    versions = ToolVersion.objects.only(
        "tool_id", "number", "published_at", "kinds_of_work"
    ).order_by("number")
    tools = OutcomeTool.objects.prefetch_related(Prefetch("versions", queryset=versions))
    measures = _measures_by_tool()
    rows = []
    for tool in tools.order_by("name"):
        every = list(tool.versions.all())
        current, draft = _current(every), _draft(every)
        shown = current or draft
        rows.append(
            ToolRow(
                tool=tool,
                current=current,
                draft=draft,
                kinds_of_work=_kind_words(shown.kinds_of_work) if shown else [],
                measures=measures.get(tool.pk, 0),
            )
        )
    return sorted(rows, key=lambda row: row.tool.retired_on is not None)


# --- a tool's page ---------------------------------------------------------------------------


@dataclass(frozen=True)
class VersionRow:
    version: ToolVersion
    scales: list[Scale]
    measures: int
    is_current: bool
    by: str  # who published it (a draft: who made it); empty for the one Journey ships
    kinds_of_work: list[str]
    scored_by: list[str]

    @property
    def status(self) -> str:
        if not self.version.is_published:
            return "Draft"
        return "Published, used for new measures" if self.is_current else "Published, replaced"


@dataclass(frozen=True)
class ToolPage:
    tool: OutcomeTool
    versions: list[VersionRow]  # newest first
    current: VersionRow | None
    draft: VersionRow | None
    measures: int

    @property
    def may_make_version(self) -> bool:
        return self.tool.retired_on is None and self.draft is None

    @property
    def retired_by(self) -> str:
        return _name(self.tool.retired_by)


def _name(user: User | None) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def _measures_by_version(tool_id: int) -> dict[int, int]:
    counted = (
        Measurement.objects.filter(version__tool_id=tool_id)
        .order_by()
        .values_list("version_id")
        .annotate(n=Count("pk"))
    )
    return dict(counted)


def tool_page(tool_id: int) -> ToolPage | None:
    """A tool with every version and its scales: four queries (the tool, its versions, their
    scales, the measures made with each)."""
    tool = OutcomeTool.objects.select_related("retired_by", "created_by").filter(pk=tool_id).first()
    if tool is None:
        return None
    versions = list(
        ToolVersion.objects.filter(tool=tool)
        .select_related("created_by", "published_by")
        .prefetch_related(Prefetch("scales", queryset=Scale.objects.order_by("order")))
        .order_by("-number")
    )
    for version in versions:
        version.tool = tool  # the version's name reads its tool: no query for each
    measures = _measures_by_version(tool.pk)
    current = _current(versions)
    rows = [
        VersionRow(
            version=v,
            scales=list(v.scales.all()),
            measures=measures.get(v.pk, 0),
            is_current=v == current,
            by=_name(v.published_by if v.is_published else v.created_by),
            kinds_of_work=_kind_words(v.kinds_of_work),
            scored_by=_scorer_words(v.scored_by),
        )
        for v in versions
    ]
    return ToolPage(
        tool=tool,
        versions=rows,
        current=next((r for r in rows if r.is_current), None),
        draft=next((r for r in rows if not r.version.is_published), None),
        measures=sum(measures.values()),
    )


def version_page(version_id: int) -> tuple[ToolPage, VersionRow] | None:
    """A version (to change or publish) with its tool's page."""
    tool_id = ToolVersion.objects.filter(pk=version_id).values_list("tool_id", flat=True).first()
    page = tool_page(tool_id) if tool_id else None
    if page is None:
        return None
    return page, next(row for row in page.versions if row.version.pk == version_id)
