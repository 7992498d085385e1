"""The genogram and the ecomap, drawn on the server as SVG by Graphviz (the `dot` and `twopi`
programs of Debian's graphviz package, through the maintained `graphviz` Python binding), so
the page needs no JavaScript and prints as it shows.

Why Graphviz: `dot` lays out a directed graph in ranks, which is what a genogram is (one
generation a row, a partnership a join node with the children hanging from it), and `twopi`
lays out a radial graph, which is what an ecomap is (the child in the centre, their supports
around); it is packaged by Debian, so no binary is downloaded, and the binding only writes the
DOT text and runs the program. A JavaScript drawing library would not work without JavaScript
nor print reliably.

Common genogram notation: a square for a male, a circle for a female, a diamond when the sex is
not known; a cross through someone who has died; a line between partners through a join point
(one slash when they separated, two when they divorced); children hanging from their parents'
join point; the child at the centre with a thick double border; the child's household in a
dashed box.

Every name is escaped (`graphviz.escape`: no DOT escape sequences, never an HTML-like label) and
Graphviz writes it as XML text; the SVG is then parsed and written again (xml.etree), so what
the page inlines is well-formed SVG built from escaped text. Only that is marked safe.
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import TYPE_CHECKING

import graphviz
from django.utils.safestring import SafeString, mark_safe

from journey.people.models import InformalSupport, Relationship

if TYPE_CHECKING:
    from journey.people.genogram.selectors import FamilyNetwork, NetworkPerson

log = logging.getLogger(__name__)

SVG = "http://www.w3.org/2000/svg"

NO_GRAPHVIZ = (
    "The drawings need Graphviz, Debian's graphviz package (apt-get install graphviz), which "
    "is not installed on this server. Everything they would show is listed below."
)
NOT_DRAWN = "The drawings could not be made this time. Everything they would show is listed below."

Kind = Relationship.Kind
SHAPES = {"M": "box", "F": "ellipse"}
UNKNOWN_SHAPE = "diamond"
INK = "#0b0c0c"
CENTRE_FILL = "#d2e2f1"
RED = "#ca3535"
BLUE = "#1d70b8"
GREY = "#505a5f"
FONT = "Arial"
#: Ecomap lines by the strength of the connection.
STRENGTH_STYLE = {
    InformalSupport.Strength.STRONG: {"penwidth": "4", "color": INK},
    InformalSupport.Strength.MODERATE: {"penwidth": "2", "color": INK},
    InformalSupport.Strength.TENUOUS: {"penwidth": "1.5", "color": INK, "style": "dashed"},
    InformalSupport.Strength.STRESSFUL: {
        "penwidth": "2.5",
        "color": RED,
        "style": "dashed",
        "label": "stressful",
        "fontcolor": RED,
    },
}


def render_svg(graph: graphviz.Graph | graphviz.Digraph) -> str:
    """Run Graphviz. Raises graphviz.ExecutableNotFound where the program is not installed."""
    return graph.pipe(format="svg", encoding="utf-8", quiet=True)


@dataclass(frozen=True)
class Drawings:
    genogram: SafeString | None = None
    ecomap: SafeString | None = None
    problem: str = ""


def draw(network: FamilyNetwork) -> Drawings:
    """Both drawings, or none and why: never an error page."""
    try:
        genogram = finish(render_svg(genogram_graph(network)), "genogram", network)
        ecomap = None
        if network.supports or network.professionals:
            ecomap = finish(render_svg(ecomap_graph(network)), "ecomap", network)
    except graphviz.ExecutableNotFound:
        return Drawings(problem=NO_GRAPHVIZ)
    except (graphviz.CalledProcessError, ET.ParseError):
        log.exception("Graphviz could not draw the family network of child %s", network.child.pk)
        return Drawings(problem=NOT_DRAWN)
    return Drawings(genogram, ecomap)


def text(value: str) -> str:
    """User text for a DOT label: escaped, so it is only ever text."""
    return graphviz.escape(value)


def node_id(drawing: str, pk: int) -> str:
    return f"{drawing}-person-{pk}"


# --- The genogram ----------------------------------------------------------------------------


def _person_label(entry: NetworkPerson, child_pk: int) -> str:
    person = entry.person
    lines = [person.full_name]
    if person.date_of_birth and person.date_of_death:
        lines.append(f"{person.date_of_birth.year}–{person.date_of_death.year}")
    elif person.date_of_death:
        lines.append(f"died {person.date_of_death.year}")
    elif person.date_of_birth:
        lines.append(f"born {person.date_of_birth.year}")
    elif person.expected_date_of_birth:
        lines.append(f"due {person.expected_date_of_birth:%B %Y}")
    if entry.parental_responsibility:
        lines.append("parental responsibility")
    if entry.contact is not None:
        lines.append(entry.contact.get_contact_display().lower())
    return "\n".join(lines)


def _person_node(graph: graphviz.Digraph, entry: NetworkPerson, child_pk: int) -> None:
    person = entry.person
    attrs = {
        "id": node_id("genogram", person.pk),
        "shape": SHAPES.get(person.sex, UNKNOWN_SHAPE),
        "style": "filled",
        "fillcolor": "white",
        "color": INK,
        "penwidth": "1.5",
    }
    if person.pk == child_pk:
        attrs |= {"fillcolor": CENTRE_FILL, "penwidth": "3", "peripheries": "2"}
    if entry.contact is not None:
        attrs |= {"color": RED, "fontcolor": INK}
    graph.node(f"p{person.pk}", text(_person_label(entry, child_pk)), **attrs)


def _union_node(graph: graphviz.Digraph, name: str, status: str) -> None:
    if status == Relationship.Partnership.SEPARATED:
        graph.node(name, "/", shape="plaintext", fontsize="20", width="0.2", height="0.2")
    elif status == Relationship.Partnership.DIVORCED:
        graph.node(name, "//", shape="plaintext", fontsize="20", width="0.2", height="0.2")
    else:
        graph.node(name, "", shape="point", width="0.08", color=INK)


def genogram_graph(network: FamilyNetwork) -> graphviz.Digraph:
    graph = graphviz.Digraph("genogram", engine="dot")
    graph.attr(
        rankdir="TB",
        newrank="true",
        nodesep="0.35",
        splines="ortho",
        ranksep="0.55",
        fontname=FONT,
        bgcolor="transparent",
        pad="0.2",
    )
    graph.attr("node", fontname=FONT, fontsize="11", margin="0.12,0.06")
    graph.attr("edge", dir="none", color=INK, penwidth="1.5", fontname=FONT, fontsize="10")
    child = network.child
    people = network.by_id
    home = {p.person.pk for p in network.people if p.lives_with_child} | {child.pk}
    boxed = bool(network.households) and len(home) > 1
    if boxed:
        with graph.subgraph(name="cluster_household") as box:
            names = ", ".join(m.household.name for m in network.households)
            box.attr(
                label=text(f"Lives together: {names}"),
                style="dashed,rounded",
                color=GREY,
                fontcolor=GREY,
                fontsize="10",
                labeljust="l",
            )
            for pk in sorted(home):
                _person_node(box, people[pk], child.pk)
    for entry in network.people:
        if not (boxed and entry.person.pk in home):
            _person_node(graph, entry, child.pk)
    ranks: dict[int, list[str]] = {}
    for entry in network.people:
        if entry.generation is not None:
            ranks.setdefault(entry.generation, []).append(f"p{entry.person.pk}")
    unions = _partnerships(graph, network, ranks, home if boxed else set())
    _children(graph, network, unions, ranks)
    _other_lines(graph, network)
    for names in ranks.values():
        with graph.subgraph() as row:
            row.attr(rank="same")
            for name in names:
                row.node(name)
    return graph


def _partnerships(
    graph: graphviz.Digraph, network: FamilyNetwork, ranks: dict[int, list[str]], home: set[int]
) -> dict[frozenset[int], str]:
    """A join point for each partnership, on the partners' row (in the household's box when
    both live there); the couples' join points."""
    unions: dict[frozenset[int], str] = {}
    generation = {p.person.pk: p.generation for p in network.people}
    for r in network.relationships:
        if r.kind != Kind.PARTNER:
            continue
        name = f"u{r.pk}"
        status = r.partnership or (
            Relationship.Partnership.SEPARATED if r.ended_on else Relationship.Partnership.TOGETHER
        )
        if {r.from_person_id, r.to_person_id} <= home:
            with graph.subgraph(name="cluster_household") as box:
                _union_node(box, name, status)
        else:
            _union_node(graph, name, status)
        style = "solid" if status == Relationship.Partnership.TOGETHER else "dashed"
        graph.edge(f"p{r.from_person_id}", name, style=style, weight="10")
        graph.edge(name, f"p{r.to_person_id}", style=style, weight="10")
        unions[frozenset((r.from_person_id, r.to_person_id))] = name
        row = generation.get(r.from_person_id)
        if row is None:
            row = generation.get(r.to_person_id)
        if row is not None:
            ranks.setdefault(row, []).append(name)
    return unions


def _children(
    graph: graphviz.Digraph,
    network: FamilyNetwork,
    unions: dict[frozenset[int], str],
    ranks: dict[int, list[str]],
) -> None:
    """Each child hangs from their parents' join point (a dotted one where no partnership is
    recorded), or from their one recorded parent."""
    parents: dict[int, list[int]] = {}
    for r in network.relationships:
        if r.kind == Kind.PARENT:
            parents.setdefault(r.to_person_id, []).append(r.from_person_id)
    generation = {p.person.pk: p.generation for p in network.people}
    for child_pk, theirs in parents.items():
        theirs = sorted(set(theirs))
        if len(theirs) == 2:
            couple = frozenset(theirs)
            if couple not in unions:
                name = f"x{theirs[0]}_{theirs[1]}"
                graph.node(name, "", shape="point", width="0.05", color=GREY)
                graph.edge(f"p{theirs[0]}", name, style="dotted", color=GREY, weight="10")
                graph.edge(name, f"p{theirs[1]}", style="dotted", color=GREY, weight="10")
                unions[couple] = name
                row = generation.get(theirs[0])
                if row is not None:
                    ranks.setdefault(row, []).append(name)
            graph.edge(unions[couple], f"p{child_pk}")
        else:
            for parent in theirs:
                graph.edge(f"p{parent}", f"p{child_pk}")


def _other_lines(graph: graphviz.Digraph, network: FamilyNetwork) -> None:
    """Step-parents, carers, grandparents recorded directly, other relatives, and siblings who
    share no recorded parent: labelled lines."""
    parents: dict[int, set[int]] = {}
    for r in network.relationships:
        if r.kind == Kind.PARENT:
            parents.setdefault(r.to_person_id, set()).add(r.from_person_id)
    styles = {
        Kind.STEP_PARENT: ("dashed", "step-parent", "true"),
        Kind.CARER: ("dotted", "carer", "true"),
        Kind.GRANDPARENT: ("dashed", "grandparent", "true"),
        Kind.OTHER_RELATIVE: ("dotted", "relative", "false"),
        Kind.SIBLING: ("dotted", "sibling", "false"),
        Kind.HALF_SIBLING: ("dotted", "half-sibling", "false"),
    }
    for r in network.relationships:
        if r.kind not in styles:
            continue
        shared = parents.get(r.from_person_id, set()) & parents.get(r.to_person_id, set())
        if r.kind in (Kind.SIBLING, Kind.HALF_SIBLING) and shared:
            continue  # their parents' lines already show it
        style, label, constraint = styles[Kind(r.kind)]
        graph.edge(
            f"p{r.from_person_id}",
            f"p{r.to_person_id}",
            style=style,
            xlabel=label,
            constraint=constraint,
            color=GREY,
            fontcolor=GREY,
        )


# --- The ecomap ------------------------------------------------------------------------------


def ecomap_graph(network: FamilyNetwork) -> graphviz.Graph:
    child = network.child
    graph = graphviz.Graph("ecomap", engine="twopi")
    graph.attr(
        root=f"p{child.pk}",
        ranksep="1.7",
        overlap="false",
        splines="true",
        fontname=FONT,
        bgcolor="transparent",
        pad="0.2",
    )
    graph.attr("node", fontname=FONT, fontsize="11", style="filled", fillcolor="white")
    graph.attr("edge", fontname=FONT, fontsize="10")
    graph.node(
        f"p{child.pk}",
        text(child.full_name),
        id=node_id("ecomap", child.pk),
        shape="doublecircle",
        fillcolor=CENTRE_FILL,
        penwidth="2",
    )
    for support in network.supports:
        name = f"s{support.pk}"
        graph.node(
            name,
            text(f"{support.name}\n{support.get_kind_display().lower()}"),
            id=f"ecomap-support-{support.pk}",
            shape="ellipse",
            color=INK,
        )
        strength = InformalSupport.Strength(support.strength)
        graph.edge(f"p{child.pk}", name, **STRENGTH_STYLE[strength])
    for member in network.professionals:
        name = f"n{member.pk}"
        graph.node(
            name,
            text(f"{member.professional.name}\n{member.role}\n{member.professional.agency.name}"),
            id=f"ecomap-professional-{member.pk}",
            shape="box",
            style="filled,rounded",
            color=BLUE,
        )
        graph.edge(f"p{child.pk}", name, color=BLUE, penwidth="1.5")
    return graph


# --- The SVG as the page inlines it ----------------------------------------------------------


def _tag(element: ET.Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def _cross(group: ET.Element) -> None:
    """A cross through the symbol of someone who has died."""
    for shape in group:
        tag = _tag(shape)
        if tag == "ellipse":
            cx, cy = float(shape.get("cx", 0)), float(shape.get("cy", 0))
            rx, ry = float(shape.get("rx", 0)) * 0.71, float(shape.get("ry", 0)) * 0.71
            left, right, top, bottom = cx - rx, cx + rx, cy - ry, cy + ry
        elif tag == "polygon":
            points = [tuple(map(float, p.split(","))) for p in shape.get("points", "").split()]
            xs, ys = [x for x, _ in points], [y for _, y in points]
            left, right, top, bottom = min(xs), max(xs), min(ys), max(ys)
            if len(set(points)) == 4 and len(set(xs)) == 3:  # a diamond: its inner square
                w, h = (right - left) / 4, (bottom - top) / 4
                left, right, top, bottom = left + w, right - w, top + h, bottom - h
        else:
            continue
        ET.SubElement(
            group,
            f"{{{SVG}}}path",
            {
                "d": f"M{left:.1f},{top:.1f} L{right:.1f},{bottom:.1f} "
                f"M{left:.1f},{bottom:.1f} L{right:.1f},{top:.1f}",
                "stroke": INK,
                "stroke-width": "1.5",
                "fill": "none",
                "class": "journey-died",
            },
        )
        return


def finish(svg: str, drawing: str, network: FamilyNetwork) -> SafeString:
    """Graphviz's SVG made ready to inline: parsed (well-formed, or an error), the tooltips of
    internal names dropped, a cross through each person who has died, and labelled for
    assistive technology by the heading and text alternative beside it."""
    root = ET.fromstring(svg)
    for parent in root.iter():
        for title in [c for c in parent if _tag(c) == "title"]:
            parent.remove(title)
    died = {
        node_id(drawing, p.person.pk) for p in network.people if p.person.date_of_death is not None
    }
    for group in root.iter(f"{{{SVG}}}g"):
        if group.get("id") in died:
            _cross(group)
    root.set("role", "img")
    root.set("aria-labelledby", f"{drawing}-heading {drawing}-description")
    root.set("focusable", "false")
    root.set("class", f"journey-{drawing}")
    # Built from escaped text by Graphviz and written again by ElementTree: safe to inline.
    # Plain <svg> as HTML inlines it, whatever prefixes other libraries registered with
    # ElementTree (WeasyPrint's take the default one): the names lose their namespace, which the
    # root then declares.
    for element in root.iter():
        element.tag = _tag(element)
    root.set("xmlns", SVG)
    return mark_safe(ET.tostring(root, encoding="unicode"))  # noqa: S308
