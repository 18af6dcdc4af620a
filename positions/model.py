"""The four record kinds of the data contract (DESIGN.md), as pydantic models. No I/O here."""

from __future__ import annotations

import calendar
import re
from datetime import date
from enum import StrEnum
from functools import lru_cache, total_ordering
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    StringConstraints,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
PARTIAL_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
_PARTIAL_DATE_RE = re.compile(PARTIAL_DATE_PATTERN, re.ASCII)  # not ٢٠٢٤ or ２０２４

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1)]
#: A reference to another record's id; resolved (with a "did you mean") by positions.check.
Reference = Annotated[str, StringConstraints(min_length=1)]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
#: A Wikidata item id: Q and digits, no leading zero (Q42).
WikidataId = Annotated[str, StringConstraints(pattern=r"^Q[1-9][0-9]*$")]


class StakeholderKind(StrEnum):
    STATE = "state"
    STATE_GROUP = "state_group"
    UN_BODY = "un_body"
    IGO = "igo"
    NGO = "ngo"
    COMPANY = "company"
    INDUSTRY_GROUP = "industry_group"
    MEDIA = "media"
    PERSON = "person"
    COLLECTIVE = "collective"
    OTHER = "other"


class TargetKind(StrEnum):
    INSTRUMENT = "instrument"
    PROVISION = "provision"
    ISSUE = "issue"
    PROCESS = "process"


class Stance(StrEnum):
    SUPPORT = "support"
    OPPOSE = "oppose"
    MIXED = "mixed"
    NEUTRAL = "neutral"


@total_ordering
class PartialDate:
    """A date given as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, kept exactly as written.

    It orders by its first day (``2024-07`` sorts as 2024-07-01); on the same first day
    the less precise date sorts first.

    >>> PartialDate("2024-07") < PartialDate("2024-07-02")
    True
    >>> str(PartialDate("2024"))
    '2024'
    """

    __slots__ = ("start", "text")

    def __init__(self, text: str) -> None:
        if not _PARTIAL_DATE_RE.match(text):
            raise ValueError(
                f"{text!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"
                + ("" if text.isascii() else " in the digits 0-9")
            )
        parts = [int(p) for p in text.split("-")]
        year, month, day = parts[0], 1, 1
        if len(parts) > 1:
            month = parts[1]
            if not 1 <= month <= 12:
                raise ValueError(f"{text!r} is not a calendar date: month {month} does not exist")
        if len(parts) > 2:
            day = parts[2]
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise ValueError(
                    f"{text!r} is not a calendar date: {calendar.month_name[month]} {year} "
                    f"has {last} days"
                )
        if year < 1:
            raise ValueError(f"{text!r} is not a calendar date: year 0000 does not exist")
        self.text = text
        self.start = date(year, month, day)

    @property
    def end(self) -> date:
        """The last day the date covers: 31 December for a year, a month's last day."""
        year, month, day = self.start.year, self.start.month, self.start.day
        precision = self.precision
        if precision == 1:
            return date(year, 12, 31)
        if precision == 2:
            return date(year, month, calendar.monthrange(year, month)[1])
        return date(year, month, day)

    @property
    def precision(self) -> int:
        """1 for a year, 2 for a month, 3 for a day."""
        return self.text.count("-") + 1

    def sort_key(self) -> tuple[date, int]:
        return (self.start, self.precision)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"PartialDate({self.text!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PartialDate):
            return self.text == other.text
        return NotImplemented

    def __lt__(self, other: object) -> bool:
        if isinstance(other, PartialDate):
            return self.sort_key() < other.sort_key()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.text)

    def __reduce__(self) -> tuple[type[PartialDate], tuple[str]]:
        return (PartialDate, (self.text,))

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[Any], handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        def parse(value: Any) -> PartialDate:
            if isinstance(value, PartialDate):
                return value
            if not isinstance(value, str):
                raise PydanticCustomError(
                    "date_type", "a date must be written YYYY, YYYY-MM or YYYY-MM-DD"
                )
            try:
                return _partial_date(value)
            except ValueError as err:
                raise PydanticCustomError("date_value", str(err)) from None

        return core_schema.no_info_plain_validator_function(
            parse, serialization=core_schema.plain_serializer_function_ser_schema(str)
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"type": "string", "pattern": PARTIAL_DATE_PATTERN}


@lru_cache(maxsize=8192)
def _partial_date(text: str) -> PartialDate:
    """A shared PartialDate per text: a dataset repeats a few thousand dates many times."""
    return PartialDate(text)


def parse_partial_date(text: str) -> PartialDate:
    """Parse a user-given date (``--as-of``); raises ValueError with a readable message."""
    return PartialDate(text.strip())


UNNAMED_TARGET = "a target needs a name or a label (or both)"
QUOTE_OR_PARAPHRASE = (
    "a statement needs exactly one of 'quote' (verbatim) or 'paraphrase' (what the source reports)"
)


def record_rule_error(model: type[Record], raw: Any) -> str | None:
    """The whole-record rule a raw record breaks, if any, judged without its field types.

    pydantic runs a model's whole-record rules only once every field is valid; the loader
    asks this for records with bad fields, so that one run reports both kinds of problem.
    """
    if not isinstance(raw, dict):
        return None
    if model is Statement and (raw.get("quote") is None) == (raw.get("paraphrase") is None):
        return QUOTE_OR_PARAPHRASE
    if model is Target and raw.get("name") is None and raw.get("label") is None:
        return UNNAMED_TARGET
    return None


class Record(BaseModel):
    """Base of every record: unknown keys are errors, values are never coerced across types."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=False, defer_build=True
    )


# Each field's description is what it means, written once: the JSON Schema shows it in
# editors, docs/fields.md lists it (scripts/fields_doc.py), ``describe`` gives it to code.


class Membership(Record):
    """A group a stakeholder belongs to or speaks for."""

    id: Reference = Field(description="The group's stakeholder id.")
    role: Text | None = Field(None, description="Free text: 'Executive Director'.")


class Stakeholder(Record):
    """Who holds positions: a state, group, UN body, organisation, company or person."""

    id: Slug = Field(description="Unique slug (a-z, 0-9, -), shared namespace with targets.")
    name: Text = Field(description="The name sources use.")
    kind: StakeholderKind = Field(description="What kind of actor it is.")
    aliases: list[Text] = Field(
        default_factory=list, description="Other names it goes by (abbreviations, translations)."
    )
    country: CountryCode | None = Field(
        None, description="ISO 3166-1 alpha-2 code, such as NO (always text, never a boolean)."
    )
    url: Text | None = Field(None, description="Its web site.")
    wikidata: WikidataId | None = Field(
        None, description="Its Wikidata item id (Q followed by digits), unique across stakeholders."
    )
    member_of: list[Membership] = Field(
        default_factory=list,
        description="Groups it belongs to or speaks for, each an id with an optional role.",
    )


class Target(Record):
    """What positions are about: an instrument, provision, issue or process."""

    id: Slug = Field(description="Unique slug (a-z, 0-9, -), shared namespace with stakeholders.")
    kind: TargetKind = Field(description="What the target is.")
    name: Text | None = Field(
        None, description="Its name or title (a target needs a name or a label)."
    )
    label: Text | None = Field(None, description="How the text numbers it, such as 'Article 35'.")
    part_of: Reference | None = Field(
        None, description="The id of the target it is part of (an article of an instrument)."
    )
    aliases: list[Text] = Field(default_factory=list, description="Other names it goes by.")
    numbering: dict[str, Text] = Field(
        default_factory=dict, description="Its label in earlier drafts, by draft symbol."
    )

    @model_validator(mode="after")
    def _named(self) -> Target:
        if self.name is None and self.label is None:
            raise PydanticCustomError("unnamed", UNNAMED_TARGET)
        return self

    @property
    def title(self) -> str:
        """How the target reads in a sentence: 'Article 35 (General principles ...)'."""
        if self.label and self.name:
            return f"{self.label} ({self.name})"
        return self.label or self.name or self.id


class Source(Record):
    """Where statements were published."""

    id: Slug = Field(description="Unique slug (a-z, 0-9, -).")
    title: Text = Field(description="Its title.")
    publisher: Text | None = Field(
        None, description="Who published it, as far as known (omit what is unknown)."
    )
    url: Text | None = Field(None, description="Where it is published.")
    published: PartialDate | None = Field(
        None, description="When: YYYY, YYYY-MM or YYYY-MM-DD, as precise as the source says."
    )
    archive: Text | None = Field(
        None,
        description="Its text, relative to data/ (sources/<id>.txt): quotes are checked in it.",
    )


class StanceEntry(Record):
    """The stance a statement shows on one target."""

    target: Reference = Field(
        description="A target id, or a stakeholder id for a stance on another actor."
    )
    stance: Stance = Field(description="Where the actor stands on the target.")
    condition: Text | None = Field(
        None, description="A condition on the stance: 'unless the text is changed'."
    )


class Statement(Record):
    """Who said what, about which targets; one of quote or paraphrase."""

    id: Slug = Field(description="Unique slug (a-z, 0-9, -).")
    actor: Reference = Field(description="The stakeholder whose position this is.")
    speaker: Reference | None = Field(
        None, description="The person (a stakeholder of kind person) who said it for the actor."
    )
    date: PartialDate | None = Field(
        None, description="When: YYYY, YYYY-MM or YYYY-MM-DD, as the source gives it."
    )
    source: Reference = Field(description="The source id that reports it.")
    quote: Text | None = Field(
        None, description="The words said, verbatim as in the source's archive."
    )
    paraphrase: Text | None = Field(
        None, description="What the source reports, when it does not quote."
    )
    stances: list[StanceEntry] = Field(
        min_length=1, description="The stance it shows on each target."
    )

    @model_validator(mode="after")
    def _quote_or_paraphrase(self) -> Statement:
        if (self.quote is None) == (self.paraphrase is None):
            raise PydanticCustomError("quote_or_paraphrase", QUOTE_OR_PARAPHRASE)
        return self

    @property
    def text(self) -> str:
        """The quote, or the paraphrase when the source only reports it."""
        return self.quote if self.quote is not None else (self.paraphrase or "")

    @property
    def is_paraphrase(self) -> bool:
        return self.quote is None


class DatasetInfo(Record):
    """What a dataset is (the optional ``dataset.yaml``, v2): for titles, credits, citations."""

    title: Text | None = Field(None, description="The dataset's title, for maps and briefs.")
    description: Text | None = Field(None, description="What it covers, in a sentence or two.")
    credit: Text | None = Field(None, description="Who compiled it: shown on maps and briefs.")
    license: Text | None = Field(None, description="Its licence, as an SPDX id (CC-BY-4.0).")
    url: Text | None = Field(None, description="Where the dataset is published.")
    main_target: Reference | None = Field(
        None, description="The target id a map or brief is about by default."
    )


#: The optional file that says what the dataset is (``DatasetInfo``).
INFO_FILE = "dataset.yaml"

#: The files of a dataset, the top-level key of each, and the model of its records.
RECORD_FILES: dict[str, tuple[str, type[Record]]] = {
    "stakeholders.yaml": ("stakeholders", Stakeholder),
    "targets.yaml": ("targets", Target),
    "sources.yaml": ("sources", Source),
    "statements.yaml": ("statements", Statement),
}


def describe(model: type[Record], field_name: str) -> str:
    """What a field of a record means, as the JSON Schema and docs/fields.md say it.

    >>> describe(Statement, "quote")
    "The words said, verbatim as in the source's archive."
    """
    description = model.model_fields[field_name].description
    if description is None:  # every field has one (tests/test_schema.py)
        raise KeyError(f"{model.__name__}.{field_name} has no description")
    return description
