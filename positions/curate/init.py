"""Starting a new dataset: the data files, each with its schema line and a commented example.

``positions init DIR`` writes ``stakeholders.yaml``, ``targets.yaml``, ``sources.yaml`` and
``statements.yaml`` (each an empty list that ``positions add`` appends to), ``dataset.yaml``
(what the dataset is: commented placeholders), ``positions.schema.json`` (for editors that
validate YAML as you type), a ``sources/`` folder for archived texts and a README stub. The
new directory passes ``positions check``.

>>> init_dataset("who-pandemic-agreement")  # doctest: +SKIP
[PosixPath('who-pandemic-agreement/stakeholders.yaml'), ...]
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from positions.data.atomic import atomic_create
from positions.errors import CurationError

#: The schema line of the files ``init`` writes: the schema sits beside them.
SCHEMA_FILE = "positions.schema.json"
MODELINE = f"# yaml-language-server: $schema={SCHEMA_FILE}"


class InitError(CurationError):
    """The directory cannot be started as a dataset (not writable, not a directory, ...)."""


class DirectoryNotEmpty(InitError):
    """The directory holds files already (pass ``force`` to add the missing ones)."""


_STAKEHOLDERS = """\
{modeline}
# Who holds positions. Add one with: positions add stakeholder --id ID --name NAME --kind KIND
# An example record (remove the leading '# ' of each line to use it):
#  - id: msf
#    name: Médecins Sans Frontières
#    kind: ngo          # state | state_group | un_body | igo | ngo | company | industry_group
#                       # | media | person | collective | other
#    aliases: [MSF, Doctors Without Borders]
#    country: CH        # optional, ISO 3166-1 alpha-2
#    url: https://www.msf.org
#    member_of: [{{id: civil-society-alliance, role: member}}]   # optional
stakeholders:
"""

_TARGETS = """\
{modeline}
# What positions are about. Add one with: positions add target --id ID --kind KIND --name NAME
# An example record (remove the leading '# ' of each line to use it):
#  - id: pa-art-11
#    kind: provision    # instrument | provision | issue | process
#    part_of: pa        # the instrument (or article) it belongs to
#    label: Article 11  # how the text numbers it
#    name: Transfer of technology and know-how
#    aliases: [tech transfer]
targets:
"""

_SOURCES = """\
{modeline}
# Where statements were published. Add one with:
#   positions add source --id ID --title TITLE --published YYYY-MM-DD --archive article.txt
# An example record (remove the leading '# ' of each line to use it):
#  - id: press-release-2024-05
#    title: Statement on the Pandemic Agreement negotiations
#    publisher: An organisation   # what is known; leave out what is not
#    url: https://example.org/statement
#    published: 2024-05           # YYYY, YYYY-MM or YYYY-MM-DD, as the source gives it
#    archive: sources/press-release-2024-05.txt   # its text: quotes are checked against it
sources:
"""

_STATEMENTS = """\
{modeline}
# Who said what, about which targets. Add one with:
#   positions add statement --id ID --actor NAME --source ID --quote TEXT --stance TARGET=STANCE
# An example record (remove the leading '# ' of each line to use it):
#  - id: msf-tech-transfer
#    actor: msf
#    speaker: a-person-id   # optional: the person who said it for the actor
#    date: 2024-05
#    source: press-release-2024-05
#    quote: "the words, verbatim as the source prints them"   # or paraphrase: "..."
#    stances:
#      - target: pa-art-11
#        stance: support    # support | oppose | mixed | neutral
#        condition: "if the transfer is mandatory"   # optional
statements:
"""

_DATASET = """\
# What this dataset is: shown on maps and briefs, and used to cite it.
# Fill in the keys you know and remove the leading '# '.
# title: Negotiating the WHO Pandemic Agreement
# description: Who took which position, with the words that prove it.
# credit: Compiled by ... from public statements
# license: CC-BY-4.0                  # an SPDX id
# url: https://example.org/positions  # where the dataset is published
# main_target: pa                     # the instrument a map or brief is about by default
"""

_README = """\
# {name}

A dataset for [positions](https://pypi.org/project/positions/): who stands where, with proof.

| file | holds |
| --- | --- |
| `stakeholders.yaml` | who holds positions |
| `targets.yaml` | what positions are about: instruments, provisions, issues, processes |
| `sources.yaml` | where statements were published; their texts are archived in `sources/` |
| `statements.yaml` | who said what (a quote or a paraphrase), when, with a stance on each target |
| `dataset.yaml` | the dataset's title, credit and licence |

Check it with `positions check {name}`; add records with `positions add ... --data {name}`,
draft statements from an article with `positions extract ARTICLE --append --data {name}`,
move reviewed drafts with `positions promote --all-reviewed --data {name}`, and import a
spreadsheet with `positions import FILE --data {name}`.

Describe here what the dataset covers, how it was compiled, and by whom.
"""


def init_dataset(directory: str | os.PathLike[str], *, force: bool = False) -> list[Path]:
    """Start a dataset in ``directory`` (created if missing); return the files written.

    A directory that is not empty is refused (``InitError``) unless ``force``; even then a
    file that already exists is kept as it is, never overwritten.
    """
    from positions.data.schema import json_schema

    root = Path(directory)
    if root.exists() and not root.is_dir():
        raise InitError(f"{root} exists and is not a directory")
    if root.is_dir() and any(root.iterdir()) and not force:
        raise DirectoryNotEmpty(f"{root} is not empty")
    try:
        root.mkdir(parents=True, exist_ok=True)
        (root / "sources").mkdir(exist_ok=True)
    except OSError as error:
        raise InitError(f"cannot create {root}: {error.strerror or error}") from error
    name = root.resolve().name
    files = {
        "stakeholders.yaml": _STAKEHOLDERS.format(modeline=MODELINE),
        "targets.yaml": _TARGETS.format(modeline=MODELINE),
        "sources.yaml": _SOURCES.format(modeline=MODELINE),
        "statements.yaml": _STATEMENTS.format(modeline=MODELINE),
        "dataset.yaml": _DATASET,
        SCHEMA_FILE: json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n",
        "README.md": _README.format(name=name),
    }
    written: list[Path] = []
    for filename, text in files.items():
        path = root / filename
        try:
            # --force never overwrites what a curator may have written, even meanwhile
            if atomic_create(path, text.encode("utf-8")):
                written.append(path)
        except OSError as error:
            raise InitError(f"cannot write {path}: {error.strerror or error}") from error
    return written
