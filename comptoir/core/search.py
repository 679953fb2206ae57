"""Text folded for search: lower case, accents and ligatures removed, spaces collapsed, so
that "Eloise", "eloise", "ÉLOÏSE" and "Éloïse" are all "eloise".

The same function folds what is stored (a search column, written with the row) and what is
typed, so both databases compare the same strings: PostgreSQL finds them through a trigram
index (`LIKE '%term%'` uses a GIN `gin_trgm_ops` index), SQLite by a plain scan."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.db.models import Aggregate, TextField

# Letters that Unicode does not decompose into a base letter and a combining accent.
_LETTERS = str.maketrans(
    {
        "œ": "oe",
        "æ": "ae",
        "ß": "ss",
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ı": "i",
        "’": "'",
    }
)

# Below three characters a trigram index cannot narrow a `LIKE '%…%'`: such words are
# matched at the start of a word only (see `word_prefix_only`).
TRIGRAM = 3


def fold(text: str) -> str:
    """`text` lower-cased, without accents or ligatures, its spaces collapsed to one."""
    lowered = unicodedata.normalize("NFKD", text.casefold()).translate(_LETTERS)
    bare = "".join(char for char in lowered if not unicodedata.combining(char))
    return " ".join(bare.split())


def words_of(query: str, *, limit: int) -> list[str]:
    """The first `limit` folded words of a typed query (none for a blank one)."""
    return fold(query).split()[:limit]


def word_prefix_only(words: list[str]) -> bool:
    """Whether every word is too short for the trigram index: such a query matches the
    start of a name's words and keeps the name order (an index walk stopped at the page),
    instead of finding every name that contains two letters."""
    return all(len(word) < TRIGRAM for word in words)


class StringList(Aggregate):
    """The values of a text column joined by commas (PostgreSQL `string_agg`, SQLite
    `group_concat`): a short list read along with each row, e.g. in a subquery."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, ',')"
    output_field = TextField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra)
