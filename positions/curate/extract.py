"""Drafting statements from a news article: direct quotes and who said them.

``extract_quotes`` finds the quotations of an article (straight and typographic marks,
quotes split by an attribution, quotes of several sentences), skips page furniture after
the article and quoted names or titles, and attributes each quote from the words around
it ("said X", "X told", "according to X", "X stated", "X continued", and a pronoun
standing for the last named speaker). Speakers are matched to the dataset's stakeholders
by name, alias or surname. ``render_drafts`` turns the result into ``statements:`` YAML
whose stances are left to the curator (``TODO``, which does not validate on purpose).

>>> drafts = extract_quotes('"It is too broad," said Jane Doe.')
>>> drafts.quotes[0].quote, drafts.quotes[0].said_by
('It is too broad', 'Jane Doe')
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from positions.curate.add import (
    LOCK_TIMEOUT,
    AddError,
    append_rendered,
    data_lock,
    read_data_text,
    render_record,
    require_unchanged,
    retrying,
    text_digest,
)
from positions.data.atomic import atomic_write as write_atomic
from positions.data.dataset import Dataset
from positions.data.loader import require_data_dir
from positions.data.names import fold_name
from positions.data.rules import normalise_quote_text
from positions.data.yamlread import NotSimple, parse_located, parse_simple
from positions.model import StakeholderKind

TODO = "TODO"

#: Section headings that end an article on a web page (compared folded).
_FURNITURE_HEADINGS = frozenset(
    fold_name(heading)
    for heading in (
        "Hot this week",
        "Related Articles",
        "Related",
        "Related posts",
        "Related stories",
        "Related news",
        "Topics",
        "Tags",
        "Popular Categories",
        "Popular posts",
        "Popular",
        "Trending",
        "Trending now",
        "Most read",
        "Most popular",
        "Read more",
        "Read next",
        "More stories",
        "More from",
        "You may also like",
        "Recommended",
        "Recommended for you",
        "Latest news",
        "Latest posts",
        "Share this",
        "Share this article",
        "Leave a reply",
        "Comments",
        "Advertisement",
        "Subscribe",
        "Sign up for our newsletter",
        "Follow us",
        "spot_img",
    )
)
_OPENERS = {"“": "”", "„": "“”", "«": "»", "‹": "›", '"': '"'}
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_SPEECH_VERBS = (
    "said|says|say|told|tells|stated|added|adds|continued|continues|wrote|writes|argued|argues|"
    "warned|warns|explained|explains|noted|notes|insisted|insists|claimed|claims|accused|accuses|"
    "urged|urges|declared|declares|remarked|commented|replied|asked|stressed|stresses|"
    "emphasised|emphasized|suggested|acknowledged|admitted|conceded|announced|maintained|"
    "contended|cautioned|recalled|concluded|observed|complained|countered|tweeted|posted|"
    "pointed out|went on|commented"
)
_VERB = re.compile(rf"\b({_SPEECH_VERBS})\b")
_ACCORDING = re.compile(r"\b[Aa]ccording to\s+")
_NAME_STOP = re.compile(
    r"\s(?:in|on|at|during|after|before|when|while|who|which|that|as|last|this|adding|saying|"
    r"from|to|with|about|because|but|and then|earlier|later|told|said)\s"
)
_PRONOUNS = {"she": "person", "he": "person", "they": "any", "it": "group", "we": "any"}
_TIME_WORDS = re.compile(
    r"\b(?:(?:on|last|this|earlier|late|early)\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday|week|month|year|morning|afternoon|evening|night)\b|\b(?:yesterday|today|"
    r"tonight|recently|earlier|later)\b"
)
_RELATIVES = frozenset({"which", "who", "that"})
#: A run of capitalised words (with the small words of names between them) ending the text.
#: Each piece can match in one way only (possessive words and gaps), so a long run that
#: ends badly fails at once instead of trying every split of its spaces.
_CAPITALISED_PHRASE = re.compile(
    r"((?:[A-Z][\w’'.&-]*+)(?:\s++(?:(?:of|for|the|and|de|on|des|du|la|le)\s++)?"
    r"[A-Z][\w’'.&-]*+)*+)[\s’']*$"
)
#: How much of the text before a verb its subject is looked for in (characters).
_SUBJECT_WINDOW = 300
#: How much of the text after "according to" or a verb a name is looked for in.
_NAME_WINDOW = 400
_TITLE_WORDS = re.compile(
    r"\b(?:title|titled|subtitle|entitled|named|called|dubbed|headline|headlined|known as|"
    r"slogan|hashtag|labelled|labeled|branded)\b"
)
_SMALL_WORDS = frozenset(
    "a an and as at by for from in into of on or the to with against via vs".split()  # noqa: SIM905
)
_VAGUE = re.compile(
    r"(?:a|an|one|some|several|many|other|unnamed|anonymous)\s|(?:the|its|his|her|their)\s+"
    r"(?:\w+\s+)?(?:letter|statement|report|document|notice|release|spokesperson|spokesman|"
    r"spokeswoman|communiqu[ée]|declaration|text|post|submission|paper)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Quote:
    """One quotation in the article, with who said it as far as the words around it tell."""

    quote: str
    #: offset of the quotation's first character in the article, and its line (1-based)
    start: int
    line: int
    #: the words of the article that name the speaker ("Human Rights Watch's Tirana Hassan")
    said_by: str | None
    #: the stakeholder whose position this is, and the person who said it (ids)
    actor: str | None = None
    speaker: str | None = None
    #: how the attribution was made, when it was not stated next to the quote
    note: str | None = None


@dataclass(frozen=True)
class Skipped:
    """A quotation that is not a statement (a name, a title), with the reason."""

    quote: str
    line: int
    reason: str


@dataclass
class Extraction:
    """Everything found in an article."""

    quotes: list[Quote] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    #: where the article ends: what follows is page furniture
    end: int = 0


@dataclass(frozen=True)
class _Span:
    open: int  # the opening mark
    start: int  # first character inside
    end: int  # one past the last character inside
    close: int  # one past the closing mark
    closed: bool


@dataclass(frozen=True)
class _Who:
    phrase: str | None  # words naming the speaker, or None when unnamed
    how: str  # "named", "pronoun:<kind>", "generic"


# --- the article's extent --------------------------------------------------------------


def article_end(text: str) -> int:
    """The offset where the article ends and page furniture begins (len(text) if none).

    Furniture starts at a section heading such as "Related Articles" or "Hot this week",
    or at the first of the short lines that repeat further down (teaser lists).
    """
    lines: list[tuple[int, str]] = []
    offset = 0
    for raw in text.splitlines(keepends=True):
        lines.append((offset, raw.strip()))
        offset += len(raw)
    content = [(start, line) for start, line in lines if line]
    later_counts: dict[str, int] = {}
    for _, line in content:
        key = _teaser_key(line)
        later_counts[key] = later_counts.get(key, 0) + 1
    seen_body = 0
    for start, line in content:
        key = _teaser_key(line)
        if seen_body >= 2 and (
            fold_name(line) in _FURNITURE_HEADINGS
            or (later_counts[key] > 1 and len(line) < 160)
            or line.endswith(("...", "…"))
        ):
            return start
        if len(line) > 60:
            seen_body += 1
    return len(text)


def _teaser_key(line: str) -> str:
    return fold_name(line.rstrip(".…"))[:40]


# --- quotations ------------------------------------------------------------------------


def _find_spans(body: str) -> list[_Span]:
    spans: list[_Span] = []
    position = 0
    length = len(body)
    while position < length:
        mark = body[position]
        closers = _OPENERS.get(mark)
        if mark == "”" and (closers is None or not _opens(body, position)):
            begin = _paragraph_start(body, position)
            starts_inside = "“" not in body[begin:position] and body[begin:position].strip()
            if starts_inside and (not spans or spans[-1].close <= begin):
                # an excerpt that starts inside a quotation: it opens at the paragraph
                spans.append(_Span(begin, begin, position, position + 1, True))
        if closers is None or not _opens(body, position):
            position += 1
            continue
        paragraph = _PARAGRAPH_BREAK.search(body, position)
        limit = paragraph.start() if paragraph else length
        close = -1
        for index in range(position + 1, limit):
            char = body[index]
            if char in closers and (mark != '"' or _closes(body, index)):
                close = index
                break
            if mark != '"' and char == mark and char not in closers:
                break  # a new quotation opens before this one closes
        if close < 0:
            end = limit
            spans.append(_Span(position, position + 1, end, end, False))
            position = end
        else:
            spans.append(_Span(position, position + 1, close, close + 1, True))
            position = close + 1
    return spans


def _paragraph_start(body: str, index: int) -> int:
    breaks = list(_PARAGRAPH_BREAK.finditer(body, 0, index))
    start = breaks[-1].end() if breaks else 0
    return start + len(body[start:index]) - len(body[start:index].lstrip())


def _opens(body: str, index: int) -> bool:
    before = body[index - 1] if index else " "
    after = body[index + 1] if index + 1 < len(body) else " "
    if after.isspace():
        return False
    return body[index] != '"' or before.isspace() or before in "([{—–-:/"


def _closes(body: str, index: int) -> bool:
    after = body[index + 1] if index + 1 < len(body) else " "
    return not after.isalnum()


def _masked(body: str, spans: list[_Span]) -> str:
    """The body with each quotation's words hidden, keeping a final . ? ! for sentences."""
    chars = list(body)
    for span in spans:
        for index in range(span.start, span.end):
            chars[index] = "x"
        inner = body[span.start : span.end].rstrip()
        if inner and inner[-1] in ".?!":
            chars[span.start + len(inner) - 1] = inner[-1]
    return "".join(chars)


_BOUNDARY = re.compile(r"[.?!][”\"»’)]*\s+(?=[A-Z“\"«‘(])|\n[ \t]*\n")
_ABBREVIATION = re.compile(r"(?:\b[A-Z]|Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Gov|Prof|No|Jr|Sr|vs)\.$")


def _sentences(masked: str) -> list[tuple[int, int]]:
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(masked):
        if _ABBREVIATION.search(masked[max(0, match.start() - 5) : match.start() + 1]):
            continue
        bounds.append((start, match.end()))
        start = match.end()
    bounds.append((start, len(masked)))
    return bounds


def _clean_quote(inner: str) -> str:
    """The quotation as a statement's quote: verbatim, without the sentence's own comma."""
    text = re.sub(r"[ \t]*\n\s*", " ", inner.strip())  # a hard-wrapped line is a space
    text = text.rstrip(",;:–—- ")
    if text and text[0].islower():
        text = text.rstrip(".,;: ")  # a fragment: the full stop belongs to the sentence
    return text


def _is_name(text: str) -> bool:
    """Whether a quotation is a name or title ("United Nations Convention Against ...")."""
    words = re.findall(r"[^\W\d_][\w’'-]*", text)
    significant = [w for w in words if w.lower() not in _SMALL_WORDS]
    return bool(significant) and len(words) <= 20 and all(w[0].isupper() for w in significant)


# --- attribution -----------------------------------------------------------------------


def _name_after(text: str) -> str | None:
    """The speaker's name at the start of ``text`` (up to punctuation or a clause word)."""
    text = text[:_NAME_WINDOW]  # a name is at most twelve words: no regex scans an article
    text = re.sub(r"\(([^()\n]{1,40})\)", r"\1", text)  # "Office on Drugs (UNODC) Director"
    text = re.sub(r"(?<!\n)[ \t]*\n[ \t]*(?!\n)", " ", text)  # hard-wrapped lines
    text = re.split(r"[,.;:!?()\n“”\"«»]", text, maxsplit=1)[0]
    stop = _NAME_STOP.search(f" {text} ")
    if stop:
        text = f" {text} "[: stop.start()]
    words = text.split()
    return " ".join(words[:12]) if words else None


def _who(phrase: str | None) -> _Who | None:
    if phrase is None:
        return None
    phrase = phrase.strip(" ,’'")
    if not phrase:
        return None
    lowered = phrase.lower()
    if lowered in _PRONOUNS:
        return _Who(None, f"pronoun:{_PRONOUNS[lowered]}")
    if lowered in _RELATIVES:
        return None
    words = phrase.split()
    capitalised = any(word[0].isupper() for word in words[1:])
    if (_VAGUE.match(phrase) and not capitalised) or (len(words) == 1 and phrase.islower()):
        return _Who(phrase, "generic")  # "a report", "reporters", "some officials"
    return _Who(phrase, "named")


def _subject_before(text: str) -> str | None:
    """The subject of a verb at the end of ``text``: 'Ashton-Hart' in ', Ashton-Hart '.

    Appositions and times are passed over: in "Jane Doe, head of X, on Tuesday said" the
    subject is "Jane Doe".
    """
    text = text[-_SUBJECT_WINDOW:]  # the subject ends the text: no regex scans an article
    clauses = [c.strip() for c in re.split(r"[,;:—–(]", text)]
    while clauses:
        clause = _TIME_WORDS.sub("", clauses[-1]).strip()
        clause = re.sub(r"\s+(?:also|later|then|again|further|previously|once)$", "", clause)
        words = clause.split()
        if not words:
            clauses.pop()
            continue
        if words[-1].lower() in _RELATIVES:
            before = re.split(r"[,;:—–(]\s*(?:which|who|that)\b[^,;:]*$", text)[0]
            match = _CAPITALISED_PHRASE.search(before.rstrip(" ,"))
            return match.group(1) if match else None
        if len(clauses) > 1 and words[0][0].islower() and words[0].lower() not in _PRONOUNS:
            clauses.pop()  # an apposition: "the head of the delegation"
            continue
        return " ".join(words[-8:])
    return None


def _from_suffix(suffix: str) -> _Who | None:
    dash = re.match(r"[ \t]*[-–—]+[ \t]*([A-Z][^\n,;:.!?()]{0,80})", suffix)
    if dash:  # '"..." - EFF' or '"..." — Jane Doe, director'
        return _who(dash.group(1))
    text = suffix.lstrip(" ,.;:—–\n")
    according = re.match(_ACCORDING.pattern, text)
    if according:
        return _who(_name_after(text[according.end() :]))
    verb_first = re.match(rf"({_SPEECH_VERBS})\s+", text)
    if verb_first:
        if verb_first.group(1) in ("told", "tells", "asked"):
            return None
        return _who(_name_after(text[verb_first.end() :]))
    subject_first = re.match(
        rf"([^,;:.!?\n“”\"]{{1,80}}?)\s+(?:also\s+|later\s+|then\s+)?(?:{_SPEECH_VERBS})\b", text
    )
    if subject_first:
        return _who(subject_first.group(1))
    return None


def _from_prefix(prefix: str) -> _Who | None:
    according = list(_ACCORDING.finditer(prefix))
    verbs = list(_VERB.finditer(prefix))
    if according and (not verbs or according[-1].start() > verbs[-1].start()):
        return _who(_name_after(prefix[according[-1].end() :]))
    if not verbs:
        return None
    verb = verbs[-1]
    subject = _subject_before(prefix[: verb.start()])
    if subject:
        return _who(subject)
    return _who(_name_after(prefix[verb.end() :]))  # "said Jane Doe: ..."


def _from_next_sentence(sentence: str) -> _Who | None:
    match = re.fullmatch(
        rf"\s*([^,;:.!?\n“”\"]{{1,60}}?)\s+(?:{_SPEECH_VERBS})(?:\s+[^.!?]{{0,40}})?[.!?]\s*",
        sentence,
    )
    return _who(match.group(1)) if match else None


# --- matching names to stakeholders -----------------------------------------------------


@dataclass
class _Matcher:
    names: dict[str, list[str]]  # folded name -> stakeholder ids
    persons: set[str]
    member_of: dict[str, list[str]]

    @classmethod
    def of(cls, dataset: Dataset | None) -> _Matcher:
        names: dict[str, list[str]] = {}
        persons: set[str] = set()
        member_of: dict[str, list[str]] = {}
        if dataset is not None:
            for stakeholder in dataset.stakeholders.values():
                forms = [stakeholder.name, *stakeholder.aliases]
                if stakeholder.kind is StakeholderKind.PERSON:
                    persons.add(stakeholder.id)
                    words = fold_name(stakeholder.name).split()
                    # surnames: "Ashton-Hart", "Singh Chima", "Chima"
                    forms.extend(" ".join(words[i:]) for i in range(1, len(words)))
                for form in forms:
                    folded = fold_name(form)
                    if folded and stakeholder.id not in names.setdefault(folded, []):
                        names[folded].append(stakeholder.id)
                member_of[stakeholder.id] = [m.id for m in stakeholder.member_of]
        return cls(names, persons, member_of)

    def match(self, phrase: str) -> tuple[str | None, str | None]:
        """(actor, speaker) ids named in ``phrase``, or Nones."""
        folded = fold_name(phrase)
        padded = f" {folded} "
        found: list[tuple[int, str]] = []
        for name, ids in self.names.items():
            if len(ids) == 1 and f" {name} " in padded:
                found.append((len(name), ids[0]))
        if not found:  # a near spelling, such as "Human Right Watch"
            for name, ids in self.names.items():
                near = len(ids) == 1 and 6 <= len(name) <= len(folded)
                if near and fuzz.partial_ratio(name, folded, score_cutoff=92):
                    found.append((len(name), ids[0]))
        found.sort(reverse=True)
        person = next((sid for _, sid in found if sid in self.persons), None)
        group = next((sid for _, sid in found if sid not in self.persons), None)
        if group is None and person is not None:
            group = next(iter(self.member_of.get(person, [])), person)
        return group, person


# --- the extraction --------------------------------------------------------------------


@dataclass
class _Speaker:
    said_by: str | None
    actor: str | None
    speaker: str | None

    @property
    def is_person(self) -> bool:
        if self.actor is not None or self.speaker is not None:
            return self.speaker is not None
        # Not a known stakeholder: two or three capitalised words look like a person's name.
        words = (self.said_by or "").split()
        return 2 <= len(words) <= 3 and all(word[0].isupper() for word in words)


def extract_quotes(text: str, dataset: Dataset | None = None) -> Extraction:
    """Every quotation of an article that may be a statement, attributed where possible."""
    end = article_end(text)
    body = text[:end]
    spans = _find_spans(body)
    masked = _masked(body, spans)
    sentences = _sentences(masked)
    matcher = _Matcher.of(dataset)
    result = Extraction(end=end)
    history: list[_Speaker] = []
    previous: tuple[_Span, _Speaker | None] | None = None
    scanned = 0  # how far the text between quotations was read for reported speech
    for number, span in enumerate(spans):
        inner = body[span.start : span.end]
        quote = _clean_quote(inner)
        line = body.count("\n", 0, span.start) + 1
        s_start, s_end = next((a, b) for a, b in sentences if a <= span.open < b)
        before = [s for s in spans[:number] if s.close > s_start]
        after = [s for s in spans[number + 1 :] if s.open < s_end]
        prefix = masked[max([s_start, *(s.close for s in before)]) : span.open]
        history.extend(_reported_speakers(masked, sentences, scanned, s_start, matcher))
        scanned = max(scanned, s_start)
        if len(quote.split()) < 2:
            continue  # a scare quote or a single word: not a statement
        if _is_name(quote):
            result.skipped.append(Skipped(quote, line, "a name or title, not a statement"))
            continue
        if _TITLE_WORDS.search(prefix[-60:]) and not _VERB.search(prefix[-60:]):
            result.skipped.append(Skipped(quote, line, "quotes a title or a name"))
            continue
        who, note = _attribute(span, before, after, (s_start, s_end), masked, sentences)
        if who is None and previous is not None and previous[1] is not None:
            who, note = _carried(body, previous[0], previous[1], span)
        if who is None and len(quote.split()) < 4:
            result.skipped.append(Skipped(quote, line, "a short phrase nobody is said to say"))
            continue
        speaker = _resolve(who, history, matcher)
        if who is not None and who.how.startswith("pronoun") and speaker is not None:
            note = f"a pronoun in the article; taken as the last named speaker, {speaker.said_by}"
        elif who is not None and who.how == "generic" and speaker is not None:
            note = (
                f"attributed to '{who.phrase}'; taken as the last named speaker, "
                f"{speaker.said_by}: check"
            )
        elif who is not None and who.how == "generic":
            note = f"attributed to '{who.phrase}'"
        if speaker is not None and speaker.said_by is not None:
            history.append(speaker)
        result.quotes.append(
            Quote(
                quote,
                span.start,
                line,
                speaker.said_by if speaker else None,
                speaker.actor if speaker else None,
                speaker.speaker if speaker else None,
                note,
            )
        )
        previous = (span, speaker)
    return result


def _attribute(
    span: _Span,
    before: list[_Span],
    after: list[_Span],
    sentence: tuple[int, int],
    masked: str,
    sentences: list[tuple[int, int]],
) -> tuple[_Who | None, str | None]:
    """Who the words around a quotation name as its speaker, in the order writers use."""
    s_start, s_end = sentence
    prefix = masked[max([s_start, *(s.close for s in before)]) : span.open]
    suffix = masked[span.close : min([s_end, *(s.open for s in after)])]
    who = _from_suffix(suffix) or _from_prefix(prefix)
    if who is not None:
        return who, None
    for other in [*reversed(before), *after]:  # "“...,” she said, “...”"
        o_prefix = masked[s_start if other.open < span.open else span.close : other.open]
        who = _from_suffix(masked[other.close : s_end]) or _from_prefix(o_prefix)
        if who is not None:
            return who, None
    following = next(((a, b) for a, b in sentences if a >= s_end), None)
    if following is not None:  # “...” Jane Doe said.
        who = _from_next_sentence(masked[following[0] : following[1]])
    return who, None


def _carried(
    body: str, previous: _Span, speaker: _Speaker, span: _Span
) -> tuple[_Who | None, str | None]:
    """The previous quotation's speaker, when this one continues it without attribution."""
    gap = body[previous.close : span.open]
    carried = _Who(speaker.said_by, "carried")
    own = set((speaker.said_by or "").split())
    chunks = re.split(r"[.?!:]\s+|\n", gap)
    named = [
        word
        for chunk in chunks[1:]  # the first holds the previous quotation's own attribution
        for word in re.findall(r"[\w’'-]+", chunk)[1:]  # not a sentence's first word
        if word[0].isupper()
    ]
    if any(word not in own for word in named):
        return None, None  # someone else is named in between
    if previous.closed and "\n" not in gap:
        return carried, "no attribution of its own: the speaker of the quote before it"
    if not previous.closed:
        return carried, "continues the quotation of the previous paragraph"
    opens_paragraph = not body[body.rfind("\n", 0, span.open) + 1 : span.open].strip()
    inner_lines = [line for line in gap.split("\n")[1:-1] if line.strip()]
    if opens_paragraph and not inner_lines:
        return carried, "a quotation paragraph of its own: taken as the previous speaker, check"
    return None, None


def _reported_speakers(
    masked: str, sentences: list[tuple[int, int]], start: int, end: int, matcher: _Matcher
) -> list[_Speaker]:
    """Speakers named in reported speech ("Jane Doe, head of X, warned that ...")."""
    found: list[_Speaker] = []
    for a, b in sentences:
        if a < start or a >= end:
            continue
        sentence = masked[a:b]
        verb = _VERB.search(sentence)
        if verb is None or "“" in sentence or '"' in sentence:
            continue  # sentences with quotations are attributed with their quotations
        before = sentence[: verb.start()]
        if before.rstrip().endswith(","):  # "..., said Jane Doe, head of X."
            who = _who(_name_after(sentence[verb.end() :]))
        else:
            who = _who(_subject_before(before))
        if who is not None and who.how == "named" and who.phrase:
            actor, speaker = matcher.match(who.phrase)
            found.append(_Speaker(who.phrase, actor, speaker))
    return found


def _resolve(who: _Who | None, history: list[_Speaker], matcher: _Matcher) -> _Speaker | None:
    if who is None:
        return None
    if who.how == "named" or who.how == "carried":
        phrase = who.phrase or ""
        actor, speaker = matcher.match(phrase)
        return _Speaker(phrase, actor, speaker)
    wanted = who.how.partition(":")[2]
    for earlier in reversed(history):
        if wanted == "person" and not earlier.is_person:
            continue
        if wanted == "group" and earlier.is_person:
            continue
        return earlier
    if history:
        return history[-1]
    if who.phrase:  # "the letter said", with nobody named before it
        return _Speaker(who.phrase, *matcher.match(who.phrase))
    return None


# --- drafts ----------------------------------------------------------------------------


def source_of(article: str, dataset: Dataset) -> str | None:
    """The id of the source whose archive is this article's text (spacing and quote marks
    aside), or None."""
    from positions.data.rules import normalise_quote_text

    wanted = normalise_quote_text(article)
    for source in dataset.sources.values():
        if source.archive is None:
            continue
        path = dataset.root / source.archive
        try:
            if normalise_quote_text(path.read_text(encoding="utf-8")) == wanted:
                return source.id
        except (OSError, UnicodeDecodeError):
            continue
    return None


def _slug(text: str, words: int) -> str:
    return "-".join(fold_name(text).split()[:words])


def draft_records(
    extraction: Extraction,
    source: str | None,
    dataset: Dataset | None = None,
    taken: Iterable[str] = (),
) -> list[tuple[list[str], dict[str, object]]]:
    """Each quote as a draft statement record, with the comment lines to put above it."""
    used = set(taken)
    if dataset is not None:
        used.update(dataset.statements)
    date = None
    if dataset is not None and source is not None and source in dataset.sources:
        published = dataset.sources[source].published
        date = str(published) if published is not None else None
    drafts: list[tuple[list[str], dict[str, object]]] = []
    for quote in extraction.quotes:
        base = "-".join(part for part in (quote.actor or "unknown", _slug(quote.quote, 5)) if part)
        base = base[:60].rstrip("-")
        record_id, counter = base, 2
        while record_id in used:
            record_id, counter = f"{base}-{counter}", counter + 1
        used.add(record_id)
        comments = [f"line {quote.line}: said by {quote.said_by or 'UNKNOWN: check the article'}"]
        if quote.note:
            comments.append(quote.note)
        if quote.said_by and quote.actor is None:
            comments.append(f"'{quote.said_by}' is not a known stakeholder: add it, then set actor")
        record: dict[str, object] = {"id": record_id, "actor": quote.actor or TODO}
        if quote.speaker is not None and quote.speaker != quote.actor:
            record["speaker"] = quote.speaker
        if date is not None:
            record["date"] = date
        record["source"] = source or TODO
        record["quote"] = quote.quote
        record["stances"] = [{"target": TODO, "stance": TODO}]
        drafts.append((comments, record))
    return drafts


def render_drafts(
    drafts: list[tuple[list[str], dict[str, object]]],
    skipped: Iterable[Skipped] = (),
    *,
    header: bool = True,
    indent: int = 2,
) -> str:
    """Draft records as YAML text; with ``header``, a whole ``statements:`` file."""
    out: list[str] = []
    if header:
        out.append(
            "# Drafts by `positions extract`: review each record, set every TODO\n"
            "# (target: a target or stakeholder id; stance: support | oppose | mixed | neutral),\n"
            "# check actor and speaker, then move it into statements.yaml: positions promote ID.\n"
            "statements:\n"
        )
    pad = " " * indent
    for comments, record in drafts:
        out.extend(f"{pad}# {line}\n" for line in comments)
        out.append(render_record(record, indent, frozenset({"quote", "paraphrase"})))
    for skip in skipped:
        out.append(f"{pad}# skipped line {skip.line}: {skip.reason}: {skip.quote!r}\n")
    return "".join(out)


#: Where ``extract --append`` puts drafts: beside the data files, never loaded as data.
DRAFTS_FILE = "drafts.yaml"


def skip_recorded(
    extraction: Extraction,
    source: str | None,
    dataset: Dataset | None,
    drafts: Iterable[Mapping[str, Any]] = (),
) -> Extraction:
    """``extraction`` without the quotes already recorded or drafted (moved to ``skipped``).

    A quote is recorded when a statement of the same source (of any source, when the
    source is not known) quotes it or a passage containing it, or quotes part of it,
    whitespace and typographic quote marks aside; drafted when a draft in ``drafts`` does.
    """
    recorded: list[tuple[str, str]] = []
    if dataset is not None:
        for statement in dataset.statements.values():
            if statement.quote and (source is None or statement.source in (source, TODO)):
                recorded.append((normalise_quote_text(statement.quote), statement.id))
    drafted = [
        (normalise_quote_text(draft["quote"]), str(draft.get("id")))
        for draft in drafts
        if isinstance(draft, Mapping) and isinstance(draft.get("quote"), str)
    ]
    kept: list[Quote] = []
    seen: list[tuple[str, str]] = []  # the same quote twice in one article
    skipped = list(extraction.skipped)
    for quote in extraction.quotes:
        text = normalise_quote_text(quote.quote)
        recorded_as = _overlapping(text, recorded)
        draft = _overlapping(text, drafted)
        earlier = _overlapping(text, seen)
        if recorded_as is not None:
            reason = f"already recorded as statement '{recorded_as}'"
            skipped.append(Skipped(quote.quote, quote.line, reason))
        elif draft is not None:
            skipped.append(Skipped(quote.quote, quote.line, f"already drafted as '{draft}'"))
        elif earlier is not None:
            skipped.append(Skipped(quote.quote, quote.line, f"the same quote as {earlier}"))
        else:
            kept.append(quote)
            seen.append((text, f"line {quote.line}"))
    return Extraction(kept, skipped, extraction.end)


def _overlapping(text: str, known: Sequence[tuple[str, str]]) -> str | None:
    """The id of the first known quote that equals, contains or is part of ``text``."""
    for other, record_id in known:
        if text == other or (len(other.split()) >= 3 and (other in text or text in other)):
            return record_id
    return None


def read_drafts(path: Path) -> tuple[str | None, list[dict[str, Any]]]:
    """The drafts file's text (None when missing) and its draft records."""
    text = read_data_text(path)
    return text, drafts_in(text or "", path)


def drafts_in(text: str, path: Path = Path(DRAFTS_FILE)) -> list[dict[str, Any]]:
    """The draft records of a drafts file's text (``AddError`` when it is not YAML)."""
    if not text.strip():
        return []
    try:
        value: Any = parse_simple(text)
    except NotSimple:
        located = parse_located(text, str(path))
        if located.value is None and located.problems:
            raise AddError(f"{path} is not readable YAML: {located.problems[0]}") from None
        value = located.value
    records = value.get("statements") if isinstance(value, dict) else None
    return [r for r in records or [] if isinstance(r, dict)]


def append_drafts(
    data_dir: str | os.PathLike[str],
    extraction: Extraction,
    source: str | None,
    dataset: Dataset | None = None,
    *,
    lock_timeout: float = LOCK_TIMEOUT,
    on_wait: Callable[[Path], None] | None = None,
) -> tuple[Path, int, Extraction]:
    """Append the drafts to ``drafts.yaml`` in the data directory (created if missing).

    Drafts go there, not into statements.yaml: their TODO stances would make the dataset
    invalid. Quotes already recorded in the dataset or drafted in the file are skipped
    (the returned extraction says which), so running it twice adds nothing the second
    time. Ids stay unique across the drafts already there and the dataset. A drafts file
    saved by another program meanwhile is read afresh (``DataChanged`` when it keeps
    changing); ``LockError`` when the lock is not free within ``lock_timeout`` seconds.
    """
    root = Path(data_dir)
    require_data_dir(root)
    with data_lock(root, timeout=lock_timeout, on_wait=on_wait):
        return retrying(lambda: _append_drafts_once(root, extraction, source, dataset))


def _append_drafts_once(
    root: Path, extraction: Extraction, source: str | None, dataset: Dataset | None
) -> tuple[Path, int, Extraction]:
    """Read the drafts file, append the new drafts and write it once, holding the lock."""
    path = root / DRAFTS_FILE
    old, existing = read_drafts(path)
    read = {DRAFTS_FILE: text_digest(old)}
    extraction = skip_recorded(extraction, source, dataset, existing)
    taken = [str(record.get("id")) for record in existing]
    drafts = draft_records(extraction, source, dataset, taken)
    if not drafts:
        return path, 0, extraction
    if old is None:
        old = render_drafts([], header=True)
    new_text, _ = append_rendered(
        old,
        "statements",
        lambda indent: render_drafts(drafts, extraction.skipped, header=False, indent=indent),
        [record for _, record in drafts],
    )
    require_unchanged(root, read)
    write_atomic(path, new_text.encode("utf-8"))
    return path, len(drafts), extraction
