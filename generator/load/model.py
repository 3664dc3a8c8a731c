"""Typed records of the atlas: the data contract, with no I/O.

Every YAML file in ``data/`` is validated against one of these models. The
JSON Schema that editors use (``schema/region.schema.json``) is generated from
:class:`Region`, so the editor's view and the validator's never drift apart.

Conventions:
- dates are strings, ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, as precise as the
  source; ``None`` (YAML ``null``) means "the source does not say";
- bilingual text is ``{zh: ..., en: ...}``; ``en`` may be missing;
- ids are lowercase ASCII slugs, unique in their scope.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)

from generator.load.characters import NOT_ALLOWED_IN_TEXT, describe_character
from generator.load.fields import (
    REVIEW_DESCRIPTION,
    DateStr,
    NonEmpty,
    Review,
    Slug,
)
from generator.load.lexicon import Basis, LexComparator, ScopeId


class Strict(BaseModel):
    """Base for every record: unknown fields are errors, nothing is coerced, and no text
    holds a control character, bidi control or zero-width character (the loader reports
    those in files with their column; this catches records made any other way)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    @field_validator("*", mode="after")
    @classmethod
    def _visible_text(cls, value: object) -> object:
        for text in value if isinstance(value, list) else [value]:
            match = NOT_ALLOWED_IN_TEXT.search(text) if isinstance(text, str) else None
            if match:
                raise ValueError(
                    f"{describe_character(match.group())} at character {match.start() + 1} "
                    "is not allowed in text"
                )
        return value


class Text(Strict):
    """Bilingual text. ``en`` may be missing: the site then marks it "not yet translated"."""

    zh: NonEmpty
    en: NonEmpty | None = None


Comparator = Literal["at-least", "more-than", "about", "exactly", "at-most", "between"]
COMPARATORS: tuple[str, ...] = get_args(LexComparator)
Scope = ScopeId  # the scope words of the lexicon (县级 county …) are the model's scopes
SCOPES: tuple[str, ...] = get_args(ScopeId)
BASES: tuple[str, ...] = get_args(Basis)


class Quantity(Strict):
    """A number with its unit, as the source words it (a range when ``value_max`` is set)."""

    value: int | float
    value_max: int | float | None = None
    unit: Text
    comparator: Comparator = Field(
        default="exactly",
        description="As the source words it: 不少于 at-least, 超过 more-than, 约/左右 about, "
        "不超过/以内 at-most, a range (1至2个, with value_max) between.",
    )
    per: Text | None = Field(
        default=None, description="Rate basis, e.g. 每学期 / per term, 每年 / per year."
    )
    scope: Scope | None = Field(
        default=None, description="The tier the figure is counted at (县级 county, 校级 school)."
    )
    wording: str | None = Field(
        default=None,
        description="The words of the quote that express the value when the source does not "
        "write it as a numeral (全覆盖 for 100%). Checked against the quote.",
    )


class Period(Strict):
    start: DateStr | None = None
    end: DateStr | None = None


Completeness = Literal["complete", "partial"]
Relation = Literal["implements", "cites", "reports-on"]


class DocumentCitation(Strict):
    """A higher-level (or other) document this one implements, cites or reports on."""

    document: str = Field(
        pattern=r"^(?:[a-z0-9]+(?:-[a-z0-9]+)*/)?[a-z0-9]+(?:-[a-z0-9]+)*$",
        description="An atlas document as <region id>/<document id>, or the id of an entry "
        "in data/referenced-documents.yaml.",
    )
    relation: Relation = Field(
        description="implements: the text says it carries the document out (贯彻落实, 按照…要求); "
        "cites: it names it as a basis (根据…); reports-on: a press release or news report "
        "about it."
    )
    quote: NonEmpty = Field(
        description="The words of this document's archived text that name the cited "
        "document; they must contain its title or its 文号."
    )
    notes: list[Text] = Field(default_factory=list)


class Document(Strict):
    id: Slug
    title: Text
    kind: Slug = Field(description="An id from data/document-kinds.yaml.")
    issuer: Text | None = Field(description="Issuing body; null when the capture does not name it.")
    number: str | None = Field(description="文号, the document number; null when none is given.")
    published: DateStr | None
    period: Period | None = None
    url: str | None = Field(default=None, pattern=r"^https?://")
    text: str = Field(
        pattern=r"^[A-Za-z0-9._-]+\.txt$",
        description="File name of the archived source text in data/sources/<region id>/.",
    )
    language: str = Field(default="zh-Hans", pattern=r"^zh-Han[st]$")
    completeness: Completeness = Field(
        default="complete",
        description="complete: the archive holds the whole text; partial: only part of it "
        "(say what is missing in `missing`).",
    )
    missing: Text | None = Field(
        default=None, description="What the archived text lacks; required when partial."
    )
    cites: list[DocumentCitation] = Field(
        default_factory=list,
        description="The documents this one implements, cites or reports on, each quoted.",
    )
    notes: list[Text] = Field(default_factory=list)
    review: Review | None = Field(default=None, description=REVIEW_DESCRIPTION)


class Outcome(Strict):
    """What is known of a goal after its deadline: recorded only from a source."""

    status: Literal["met", "not-met", "partly-met", "unknown"]
    as_of: DateStr
    statement: Text
    document: Slug | None = None
    quote: str | None = None


class Goal(Strict):
    id: Slug
    document: Slug
    theme: Slug
    indicator: Slug | None = None
    statement: Text
    target: Quantity | None = None
    deadline: DateStr | None
    quote: NonEmpty
    notes: list[Text] = Field(default_factory=list)
    review: Review | None = Field(default=None, description=REVIEW_DESCRIPTION)
    outcome: Outcome | None = None


class Status(Strict):
    """A figure already reached, as of a date (a reply, a baseline): never a target."""

    id: Slug
    document: Slug
    theme: Slug
    indicator: Slug | None = None
    statement: Text
    value: int | float
    unit: Text
    comparator: Comparator = Field(
        default="exactly", description="As the source words it: 不低于200M is at-least 200."
    )
    per: Text | None = Field(
        default=None, description="Rate basis, e.g. 人均每年 / per person a year."
    )
    scope: Scope | None = Field(
        default=None, description="The tier the figure is counted at (县级 county, 校级 school)."
    )
    wording: str | None = Field(
        default=None, description="As for a target: the words standing for the value."
    )
    as_of: DateStr | None
    quote: NonEmpty
    notes: list[Text] = Field(default_factory=list)
    review: Review | None = Field(default=None, description=REVIEW_DESCRIPTION)


class Milestone(Strict):
    id: Slug
    date: DateStr | None
    text: Text
    quote: NonEmpty
    notes: list[Text] = Field(default_factory=list)
    review: Review | None = Field(default=None, description=REVIEW_DESCRIPTION)


class Phase(Strict):
    id: Slug
    document: Slug
    name: Text
    start: DateStr | None
    end: DateStr | None
    quote: NonEmpty
    milestones: list[Milestone] = Field(default_factory=list)
    notes: list[Text] = Field(default_factory=list)
    review: Review | None = Field(default=None, description=REVIEW_DESCRIPTION)


class Measure(Strict):
    id: Slug
    document: Slug
    number: str | None = Field(
        default=None, description="The source's own numbering, e.g. 三(一)1; null when unnumbered."
    )
    parent: Slug | None = Field(
        default=None, description="Id of the measure this is a sub-item of."
    )
    theme: Slug
    title: Text
    summary: Text = Field(description="Markdown; raw HTML is not rendered.")
    quote: NonEmpty
    responsible: list[Text] = Field(default_factory=list)
    figures: list[Quantity] = Field(
        default_factory=list,
        description="Numbers the measure sets (hours per year, times per term).",
    )
    goals: list[Slug] = Field(default_factory=list)
    phases: list[Slug] = Field(default_factory=list)
    notes: list[Text] = Field(default_factory=list)
    review: Review | None = Field(default=None, description=REVIEW_DESCRIPTION)


DivisionCode = Annotated[str, StringConstraints(pattern=r"^\d{6}$")]


class Region(Strict):
    id: Slug
    name: Text
    code: DivisionCode | None = Field(
        default=None,
        description="Six-digit administrative division code (GB/T 2260); 100000 for the "
        "national level. The name, level and enclosing divisions are checked against it.",
    )
    level: Slug = Field(description="An id from data/levels.yaml; must be the level the code has.")
    sub_provincial: bool = Field(
        default=False,
        description="副省级: a prefecture-level city with sub-provincial rank (a status, "
        "not a level).",
    )
    parent: list[Text] = Field(
        default_factory=list,
        description="Optional: enclosing divisions, outermost first (the nation left out). "
        "They come from the code; when given, the Chinese names must match it.",
    )
    reviewed: DateStr
    documents: list[Document] = Field(min_length=1)
    goals: list[Goal] = Field(default_factory=list)
    status: list[Status] = Field(default_factory=list)
    phases: list[Phase] = Field(default_factory=list)
    measures: list[Measure] = Field(default_factory=list)
    notes: list[Text] = Field(default_factory=list)


# --- codebooks -------------------------------------------------------------------------


class Theme(Strict):
    id: Slug
    name: Text
    definition: Text


class Indicator(Strict):
    id: Slug
    name: Text
    definition: Text
    unit: Text
    units_also: list[str] = Field(
        default_factory=list,
        description="Other Chinese units counted the same (名 beside 人).",
    )
    basis: Basis = Field(
        default="total",
        description="What a figure compares: a total, a share in percent, or a rate per year, "
        "school year, term, month, week or day.",
    )
    scopes: list[Scope] = Field(
        default_factory=list,
        description="The tiers a figure may be counted at; empty: figures carry no scope.",
    )
    theme: Slug


class GlossaryTerm(Strict):
    """One Chinese term (simplified, traditional) and the one English term for it."""

    zh: list[NonEmpty] = Field(min_length=1, description="The term, simplified first.")
    en: NonEmpty = Field(description="The English term every translation uses.")
    avoid: list[NonEmpty] = Field(
        default_factory=list, description="Renderings not to use (an earlier, wrong one)."
    )
    required: bool = Field(
        default=True,
        description="False when the English may rephrase the term; avoided renderings are "
        "still errors.",
    )
    note: Text | None = None


class Level(Strict):
    id: Slug
    name: Text
    definition: Text
    rank: int = Field(description="1 is the highest administrative level.")


class DocumentKind(Strict):
    id: Slug
    name: Text
    definition: Text
    rank: int = Field(description="How binding the kind is: 1 is the most binding.")
    sets_targets: bool = Field(description="False for kinds that only report figures reached.")


class ReferencedDocument(Strict):
    """A document that atlas documents cite but the atlas does not hold (its text is not
    archived): data/referenced-documents.yaml. Unknown fields are null, with a note."""

    id: Slug
    title: Text
    number: str | None = Field(description="文号; null when not stated.")
    issuer: Text | None = Field(description="Issuing body; null when not stated.")
    level: Slug = Field(description="An id from data/levels.yaml: the issuer's level.")
    date: DateStr | None = Field(description="Date issued; null when not stated.")
    variants: list[NonEmpty] = Field(
        default_factory=list,
        description="The title as some source writes it otherwise (a dash, traditional "
        "characters, a word left out); a citation quote may contain one instead.",
    )
    notes: list[Text] = Field(default_factory=list)


class DivisionName(Strict):
    """The English name of a division the site names (data/division-names.yaml); the code
    and the Chinese name are checked against the division codebook."""

    code: DivisionCode
    name: Text
    short: Text | None = Field(
        default=None, description="A short label (甘肃 / Gansu) for a map tile."
    )


class SiteSettings(Strict):
    title: Text
    tagline: Text
    base_url: str = Field(pattern=r"^https?://.*/$")
    licence: Text
    licence_url: str = Field(pattern=r"^https?://")
    repository: str = Field(pattern=r"^https?://")
    publisher: Text


class Atlas(Strict):
    """The whole validated atlas: what `atlas export` writes and the site is built from."""

    site: SiteSettings
    themes: list[Theme]
    indicators: list[Indicator]
    levels: list[Level]
    document_kinds: list[DocumentKind]
    referenced_documents: list[ReferencedDocument] = Field(default_factory=list)
    division_names: list[DivisionName] = Field(default_factory=list)
    regions: list[Region]
