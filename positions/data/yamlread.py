"""Reading a data file: YAML to plain values, with every trap of YAML closed.

Three readers give the same values:

- ``parse_simple`` reads the plain block style that curators and ``positions add`` write,
  line by line, without building a location table. It gives up (``NotSimple``) on
  anything outside that style, and on anything doubtful, such as a repeated key.
- ``locate_simple`` is the same reader recording where every key and value stands: it
  places the problems of a large file in that style without composing it with PyYAML.
- ``parse_located`` composes the file with PyYAML (libyaml when available) and walks the
  node tree, recording where every key and value stands. It is the reference: it handles
  all of YAML and reports every trap as a ``Problem``.

tests/test_yaml_readers.py holds the fast readers to the reference with property tests.

Every scalar is a string (``NO``, ``yes``, ``on`` and ``2024-07-29`` stay as written) or
``None`` for an empty or null plain scalar. No tag constructs anything.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

try:
    from yaml import CSafeLoader as _ComposeLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _ComposeLoader  # type: ignore[assignment]

from positions.data.problems import Problem

Path = tuple[str | int, ...]

#: Nodes that aliases may add to a file, beyond the nodes written out in it.
MAX_ALIAS_NODES = 10_000
#: Characters of text that aliases may add to a file: 10,000 aliased nodes of 100 KB each
#: would turn a 1 MB file into a 1 GB export, so the text they repeat is bounded too.
MAX_ALIAS_CHARS = 1_000_000
#: How deep a data file may nest (a record file needs about six levels).
MAX_DEPTH = 64

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_STR_TAG = "tag:yaml.org,2002:str"
#: Tags a plain data file may carry; anything else (``!!python/...``, ``!custom``) is refused.
#: ("value" is what YAML 1.1 resolves a plain ``=`` to: it stays the text "=".)
_ALLOWED_TAGS = frozenset(
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "merge", "value")
)


class NotSimple(Exception):
    """The text is outside the plain block style; read it with ``parse_located``."""


@dataclass
class Located:
    """A file's value and where each part of it stands (1-based line and column)."""

    value: Any
    #: path -> (line, column) of the value at that path (a mapping, list item or scalar)
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    #: path -> (line, column) of the key that introduces the value at that path
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def value_at(self, path: Path) -> tuple[int, int]:
        """Where the value at ``path`` stands, or its nearest enclosing value."""
        while path not in self.values and path:
            path = path[:-1]
        return self.values.get(path, (1, 1))

    def key_at(self, path: Path) -> tuple[int, int]:
        """Where the key of ``path`` stands, or its value when it has no key."""
        return self.keys.get(path) or self.value_at(path)


# --- the fast reader -------------------------------------------------------------------

_DOUBLE_RE = re.compile(r'"((?:[^"\\]|\\.)*)"(?: +#.*)?')
_SINGLE_RE = re.compile(r"'((?:[^']|'')*)'(?: +#.*)?")
_JSON_ESCAPE_RE = re.compile(r'\\(?:["\\/bfnrt]|u[0-9A-Fa-f]{4})')
_PLAIN_START_FORBIDDEN = frozenset("-?:,[]{}#&*!|>'\"%@`")
#: A plain item of a flow sequence: no indicator first, no flow indicator, ':' or '#' in it.
_FLOW_ITEM_RE = re.compile(r"[^-?:,\[\]{}#&*!|>'\"%@`\s][^,\[\]{}#:]*")
#: A surrogate escape: JSON pairs them up, YAML refuses them.
_SURROGATE_ESCAPE_RE = re.compile(r"\\u[dD][89a-fA-F]")
#: Anything YAML does not read as plain printable text on one line: control characters,
#: other line breaks (NEL, LS, PS, CR), tabs, a byte order mark, non-characters.
_NOT_SIMPLE_CHAR_RE = re.compile(
    "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)


#: One line of the plain block style: indent, a "- " item marker, a "key:", the rest.
_LINE_RE = re.compile(r"^( *)(-(?: +|$))?(?:([A-Za-z_][A-Za-z0-9_-]*):(?: +|$))?(.*)$", re.M)


_NO_FRAME: tuple[int, Any, bool, Path] = (-2, None, True, ())


def parse_simple(text: str) -> Any:
    """Read ``text`` if it is in the plain block style; raise ``NotSimple`` otherwise.

    One pass over the lines with a stack of open containers, no recursion and no location
    table: this is the path every valid file takes, so it is kept lean.
    """
    return _read_block_style(text, None)


def locate_simple(text: str) -> Located:
    """Read a text in the plain block style with the place of every key and value.

    Gives the same value and places as ``parse_located`` (a property test holds them
    together), at the speed of ``parse_simple``: a problem in a large valid-looking file is
    placed without composing the whole file with PyYAML. Raises ``NotSimple`` likewise.
    """
    located = Located(value=None)
    located.value = _read_block_style(text, located)
    return located


def _read_block_style(text: str, located: Located | None) -> Any:
    if "\r" in text:
        text = text.replace("\r\n", "\n")  # Windows line ends are common and harmless
    if _NOT_SIMPLE_CHAR_RE.search(text):
        raise NotSimple
    locate = located is not None
    values = located.values if located is not None else {}
    keys = located.keys if located is not None else {}
    lines = text.split("\n") if locate else []
    holder: list[Any] = [None]
    # open containers, innermost last: (indent, container, is a sequence, path)
    stack: list[tuple[int, Any, bool, Path]] = []
    # a slot whose value is still empty, so the next deeper line may open a block there:
    # (container, slot, indent of its container, a sequence may start at that indent, path)
    pending: tuple[Any, Any, int, bool, Path] | None = (holder, 0, -1, True, ())
    forbidden = _PLAIN_START_FORBIDDEN
    no_path: Path = ()
    for number, (spaces, dash, key, rest) in enumerate(_LINE_RE.findall(text), 1):
        if not dash and not key:
            if not rest or rest[0] == "#":
                continue  # a blank line or a comment
            raise NotSimple  # not a line of the plain block style
        indent = len(spaces)
        if dash:
            if pending is not None and (
                indent > pending[2] or (indent == pending[2] and pending[3])
            ):
                container: Any = []
                pending[0][pending[1]] = container
                path = pending[4]
                stack.append((indent, container, True, path))
                if locate:
                    values[path] = (number, indent + 1)
            else:
                while stack and (
                    stack[-1][0] > indent or (stack[-1][0] == indent and not stack[-1][2])
                ):
                    stack.pop()
                if not stack or stack[-1][0] != indent or not stack[-1][2]:
                    raise NotSimple
                container, path = stack[-1][1], stack[-1][3]
            pending = None
            item_path = (*path, len(container)) if locate else no_path
            if not key:
                if not rest or rest[0] == "#":
                    container.append(None)
                    pending = (container, len(container) - 1, indent, False, item_path)
                    if locate:
                        values[item_path] = (number, indent + 2)
                else:
                    container.append(_scalar(rest, forbidden))
                    if locate:
                        column = len(lines[number - 1]) - len(rest) + 1
                        _place_scalar(values, item_path, number, column, rest, container[-1])
                continue
            mapping: dict[str, Any] = {}
            container.append(mapping)
            indent += len(dash)
            map_path = item_path
            stack.append((indent, mapping, False, map_path))
            if locate:
                values[map_path] = (number, indent + 1)
        elif pending is not None and indent > pending[2]:
            mapping = {}
            pending[0][pending[1]] = mapping
            map_path = pending[4]
            stack.append((indent, mapping, False, map_path))
            pending = None
            if locate:
                values[map_path] = (number, indent + 1)
        else:
            pending = None
            top = stack[-1] if stack else _NO_FRAME
            if top[0] != indent or top[2]:  # the line closes inner blocks, or is wrong
                while stack and (
                    stack[-1][0] > indent or (stack[-1][0] == indent and stack[-1][2])
                ):
                    stack.pop()
                top = stack[-1] if stack else _NO_FRAME
                if top[0] != indent or top[2]:
                    raise NotSimple
            mapping, map_path = top[1], top[3]
        if key in mapping:
            raise NotSimple  # a repeated key: the located reader reports it
        key_path = (*map_path, key) if locate else no_path
        if locate:
            keys[key_path] = (number, indent + 1)
        if not rest or rest[0] == "#":
            mapping[key] = None
            pending = (mapping, key, indent, True, key_path)
            if locate:
                values[key_path] = (number, indent + len(key) + 2)
        else:
            mapping[key] = _scalar(rest, forbidden)
            if locate:
                column = len(lines[number - 1]) - len(rest) + 1
                _place_scalar(values, key_path, number, column, rest, mapping[key])
    if holder[0] is None:
        raise NotSimple
    return holder[0]


def _place_scalar(
    values: dict[Path, tuple[int, int]], path: Path, line: int, column: int, text: str, value: Any
) -> None:
    """Record where a scalar stands, and each item of a flow sequence ``[a, b]``."""
    values[path] = (line, column)
    if isinstance(value, list):
        offset = 1
        for index, part in enumerate(text[1 : text.rindex("]")].split(",")[: len(value)]):
            values[(*path, index)] = (line, column + offset + len(part) - len(part.lstrip(" ")))
            offset += len(part) + 1


def _scalar(text: str, forbidden: frozenset[str]) -> Any:
    if text[-1] == " ":
        text = text.rstrip(" ")
    first = text[0]
    if first in forbidden:
        if first == '"' and text[-1] == '"' and len(text) > 1:
            body = text[1:-1]
            if '"' not in body and "\\" not in body:
                return body  # the common quoted quote: nothing to unescape
        return _quoted_or_flow(text)
    if " #" in text:
        text = text.split(" #", 1)[0].rstrip(" ")
    if ": " in text or text[-1] == ":":
        raise NotSimple
    return None if text in _NULLS else text


def _quoted_or_flow(text: str) -> Any:
    first = text[0]
    if first == '"':
        match = _DOUBLE_RE.fullmatch(text)
        if match is None:
            raise NotSimple
        body = match.group(1)
        if "\\" in body:
            if _JSON_ESCAPE_RE.sub("", body).count("\\") or _SURROGATE_ESCAPE_RE.search(body):
                raise NotSimple  # a YAML-only escape, or one YAML refuses
            return json.loads(f'"{body}"', strict=False)
        return body
    if first == "'":
        match = _SINGLE_RE.fullmatch(text)
        if match is None:
            raise NotSimple
        return match.group(1).replace("''", "'")
    if first == "[":
        return _flow_sequence(text)
    raise NotSimple


def _flow_sequence(text: str) -> list[str | None]:
    if " #" in text:
        text = text.split(" #", 1)[0].rstrip(" ")
    if not text.endswith("]"):
        raise NotSimple
    body = text[1:-1]
    if not body.strip(" "):
        return []
    items = [item.strip(" ") for item in body.split(",")]
    if items[-1] == "":
        items.pop()  # YAML allows a trailing comma
    for item in items:
        if item in _NULLS or _FLOW_ITEM_RE.fullmatch(item) is None:
            raise NotSimple
    return items  # type: ignore[return-value]


# --- the located reader ----------------------------------------------------------------


def parse_located(text: str, file: str) -> Located:
    """Read any YAML text, recording where each key and value stands and every trap met."""
    located = Located(value=None)
    try:
        documents = list(yaml.compose_all(text, Loader=_ComposeLoader))
    except RecursionError:
        located.problems.append(_too_deep(file))
        return located
    except yaml.MarkedYAMLError as err:
        if "maximum nesting depth" in str(err.problem):  # libyaml's own limit
            located.problems.append(_too_deep(file, err.problem_mark))
        else:
            located.problems.append(_syntax_problem(err, file))
        return located
    except yaml.YAMLError as err:  # pragma: no cover - every libyaml error carries a mark
        located.problems.append(Problem("yaml-syntax", file, 1, 1, str(err)))
        return located
    if len(documents) > 1:
        node = documents[1]
        located.problems.append(
            Problem(
                "yaml-multiple-documents",
                file,
                node.start_mark.line + 1,
                node.start_mark.column + 1,
                "the file holds more than one YAML document",
                "remove the '---' line: a data file is one document",
            )
        )
        return located
    if not documents or documents[0] is None:
        return located
    walker = _NodeWalker(file, located)
    try:
        located.value = walker.walk(documents[0], ())
    except _Abandon:
        located.value = None
    except RecursionError:
        located.problems.append(_too_deep(file))
        located.value = None
    return located


def _too_deep(file: str, mark: yaml.Mark | None = None) -> Problem:
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return Problem(
        "yaml-too-deep",
        file,
        line,
        column,
        f"the YAML nests more than {MAX_DEPTH} levels deep (or an alias refers to itself)",
        "a data file nests a few levels at most: list, record, field",
    )


def _syntax_problem(err: yaml.MarkedYAMLError, file: str) -> Problem:
    mark = err.problem_mark or err.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = err.problem or "the YAML cannot be read"
    hint: str | None = "fix the YAML syntax here"
    if "'\\t'" in what or "tab" in what:
        hint = "YAML indentation must use spaces, not tabs"
    elif err.context:
        hint = f"{err.context} (line {err.context_mark.line + 1})" if err.context_mark else None
    elif "mapping values are not allowed" in what:
        hint = "a value containing ': ' must be put in quotes"
    return Problem("yaml-syntax", file, line, column, f"invalid YAML: {what}", hint)


class _NodeWalker:
    def __init__(self, file: str, located: Located) -> None:
        self.file = file
        self.located = located
        self.alias_budget = MAX_ALIAS_NODES
        self.alias_chars = MAX_ALIAS_CHARS
        self.seen: set[int] = set()
        self.sizes: dict[int, tuple[int, int]] = {}

    def problem(self, code: str, node: yaml.Node, message: str, hint: str | None) -> None:
        mark = node.start_mark
        self.located.problems.append(
            Problem(code, self.file, mark.line + 1, mark.column + 1, message, hint)
        )

    def size(self, node: yaml.Node) -> tuple[int, int]:
        """How many nodes, and characters of scalar text, expanding ``node`` makes (aliases
        make a DAG, so memoised)."""
        key = id(node)
        if key not in self.sizes:
            self.sizes[key] = (1, 0)  # guards against recursive aliases
            nodes, chars = 1, 0
            if isinstance(node, yaml.ScalarNode):
                chars = len(node.value)
            else:
                children = (
                    [part for pair in node.value for part in pair]
                    if isinstance(node, yaml.MappingNode)
                    else list(node.value)
                )
                for child in children:
                    child_nodes, child_chars = self.size(child)
                    nodes, chars = nodes + child_nodes, chars + child_chars
            self.sizes[key] = (nodes, chars)
        return self.sizes[key]

    def refuse_tag(self, node: yaml.Node) -> bool:
        """Report a tag that could construct something; True when the node is refused."""
        if node.tag in _ALLOWED_TAGS or node.tag in ("!", "?"):
            return False
        self.problem(
            "yaml-tag",
            node,
            f"the tag '{node.tag.replace('tag:yaml.org,2002:', '!!')}' is not allowed",
            "remove the tag: data files hold plain strings, lists and mappings",
        )
        return True

    def walk(self, node: yaml.Node, path: Path) -> Any:
        if len(path) > MAX_DEPTH:
            self.located.problems.append(_too_deep(self.file, node.start_mark))
            raise _Abandon
        if id(node) in self.seen:  # a node met again is an alias
            nodes, chars = self.size(node)
            self.alias_budget -= nodes
            self.alias_chars -= chars
            if self.alias_budget < 0 or self.alias_chars < 0:
                limit = (
                    f"{MAX_ALIAS_NODES} nodes"
                    if self.alias_budget < 0
                    else f"{MAX_ALIAS_CHARS} characters of text"
                )
                self.problem(
                    "yaml-alias-limit",
                    node,
                    f"aliases expand to more than {limit}",
                    "write the values out instead of repeating anchors",
                )
                raise _Abandon
        self.seen.add(id(node))
        located = self.located
        located.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if self.refuse_tag(node):
            return None
        if isinstance(node, yaml.ScalarNode):
            # plain style is None in PyYAML and "" in libyaml; an explicit !!str keeps the text
            if not node.style and node.value in _NULLS and node.tag != _STR_TAG:
                return None
            return node.value
        if isinstance(node, yaml.SequenceNode):
            return [self.walk(item, (*path, index)) for index, item in enumerate(node.value)]
        assert isinstance(node, yaml.MappingNode)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem("yaml-complex-key", key_node, "a key must be a plain string", None)
                continue
            if self.refuse_tag(key_node):
                continue
            key = key_node.value
            if key == "<<":
                self.problem(
                    "yaml-merge-key",
                    key_node,
                    "merge keys ('<<') are not allowed",
                    "write the keys out in full",
                )
                continue
            key_path = (*path, key)
            if key in result:
                first_line = located.keys[key_path][0]
                self.problem(
                    "yaml-duplicate-key",
                    key_node,
                    f"the key '{key}' appears twice in this mapping",
                    f"first given on line {first_line}; keep one of them",
                )
                continue
            located.keys[key_path] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.walk(value_node, key_path)
        return result


class _Abandon(Exception):
    pass
