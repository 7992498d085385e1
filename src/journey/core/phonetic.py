"""Sound-alike keys for names, so that search finds "Jonson" for Johnson and "Smyth" for Smith.

The key is Lawrence Philips' Metaphone (1990), a well-known English phonetic algorithm: it
keeps the consonant sounds of a word and drops most vowels, so names spelt differently but said
the same way share a key (Catherine, Katherine and Kathryn are all ``K0RN``). A few rules are
tuned for British names, each where plain Metaphone splits names people treat as one:

- doubled letters are merged first (Matthew = Mathew ``M0``, Rebecca = Rebeca ``RBK``);
- H is sounded only at the start or between vowels (Rhys = Reece ``RS``, Sarah = Sara);
- Y is sounded only at the start before a vowel (Bryony = Briony ``BRN``, Maya = Maia);
- CH before a consonant is K (Christopher = Kristopher, Chloe = Cloe).

Keys are stored beside the names they come from and compared for equality, on SQLite and
PostgreSQL alike. The code lives here rather than in a library because the keys are stored: a
library upgrade that changed one rule would silently stop old rows matching new searches. If a
rule here changes, a data migration must recompute the stored keys (as
people/migrations/0002_name_keys does with fill_name_keys).
"""

from __future__ import annotations

import re
import unicodedata

VOWELS = frozenset("AEIOU")
FRONT_VOWELS = frozenset("EIY")
#: The longest key stored (the name columns hold 100 characters).
MAX_KEY_LENGTH = 100
#: Words shorter than this are partial names, not misspellings: they get no key.
MIN_WORD_LENGTH = 3


def _letters(word: str) -> str:
    """Upper-case A-Z only: accents folded (Zoë -> ZOE), apostrophes and the rest dropped."""
    folded = unicodedata.normalize("NFKD", word)
    return re.sub(r"[^A-Z]", "", folded.upper())


def metaphone(word: str) -> str:
    """The Metaphone key of one word ("" if it has no letters)."""
    w = _letters(word)
    if not w:
        return ""
    # A doubled letter sounds once (Matthew = Mathew); CC and GG are read by their own rules.
    w = re.sub(r"([ABD-FH-Z])\1+", r"\1", w)
    w = re.sub(r"CC(?![EIY])", "C", w)  # Rebecca = Rebeca, but Accent keeps its KS
    if w[:2] in {"KN", "GN", "PN", "AE", "WR"}:
        w = w[1:]
    if w[0] == "X":
        w = "S" + w[1:]
    elif w[:2] == "WH":
        w = "W" + w[2:]
    n = len(w)
    key: list[str] = []
    i = 0

    def at(pos: int) -> str:
        return w[pos] if 0 <= pos < n else ""

    while i < n:
        c = w[i]
        if c == "G" and at(i - 1) == "G":  # the second G of GG (Higgins, Maggie)
            i += 1
            continue
        nxt, after = at(i + 1), at(i + 2)
        if c in VOWELS:
            if i == 0:
                key.append(c)
        elif c == "B":
            if not (at(i - 1) == "M" and i == n - 1):  # silent in a final -MB
                key.append("B")
        elif c == "C":
            if nxt == "I" and after == "A":
                key.append("X")
            elif nxt == "H":
                # K in SCH and before a consonant (Schofield, Christopher, Chloe), else X
                sounded_k = at(i - 1) == "S" or (after and after not in VOWELS | {"Y"})
                key.append("K" if sounded_k else "X")
                i += 1
            elif nxt in FRONT_VOWELS:
                key.append("S")
            else:
                key.append("K")
        elif c == "D":
            if nxt == "G" and after in FRONT_VOWELS:
                key.append("J")
                i += 1
            else:
                key.append("T")
        elif c == "G":
            if nxt == "H" and after not in VOWELS:
                i += 1  # silent GH, as in Leigh, Hugh, Wright
            elif nxt == "H":
                key.append("K")
                i += 1
            elif nxt == "N" and (i + 2 == n or w[i + 2 :] == "ED"):
                pass  # silent G in a final -GN or -GNED
            elif nxt in FRONT_VOWELS:
                key.append("J")
            else:
                key.append("K")
        elif c == "H":
            if i == 0 or (nxt in VOWELS and at(i - 1) in VOWELS):
                key.append("H")
        elif c == "K":
            if at(i - 1) != "C":
                key.append("K")
        elif c == "P":
            if nxt == "H":
                key.append("F")
                i += 1
            else:
                key.append("P")
        elif c == "Q":
            key.append("K")
        elif c == "S":
            if nxt == "H":
                key.append("X")
                i += 1
            elif nxt == "I" and after in {"O", "A"}:
                key.append("X")
            else:
                key.append("S")
        elif c == "T":
            if nxt == "I" and after in {"O", "A"}:
                key.append("X")
            elif nxt == "H":
                key.append("0")
                i += 1
            elif not (nxt == "C" and after == "H"):
                key.append("T")
        elif c == "V":
            key.append("F")
        elif c == "W":
            if nxt in VOWELS:
                key.append("W")
        elif c == "X":
            key.append("KS")
        elif c == "Y":
            if i == 0 and nxt in VOWELS:
                key.append("Y")
        elif c == "Z":
            key.append("S")
        else:  # F J L M N R
            key.append(c)
        i += 1
    return "".join(key)


def name_key(name: str) -> str:
    """The stored key of a name: one Metaphone key per part ("Smith-Jones" -> "SM0 JNS").

    A search word is compared with the whole key, so a misspelt double-barrelled name typed in
    full matches; a misspelt single part of one is found only by its exact spelling.
    """
    parts = (metaphone(part) for part in re.split(r"[\s\-]+", name))
    return " ".join(part for part in parts if part)[:MAX_KEY_LENGTH]


def search_key(word: str) -> str:
    """The key a typed search word is matched on, or "" for a fragment too short to have one."""
    if len(_letters(word)) < MIN_WORD_LENGTH:
        return ""
    return name_key(word)
