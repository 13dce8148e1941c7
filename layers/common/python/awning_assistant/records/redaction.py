"""Card numbers and US social security numbers never leave the records they came in.

Applied to chunk text before it is embedded or indexed, to every answer (and every streamed
piece of one), and to what the session and audit logs store.

Policy. Digits joined by separators (space, no-break space, hyphen, en/em dash, dot, slash,
double spaces, a spaced dash, a line break) are read as one number, split into groups.
- A card is 13-19 digits grouped like one: every group but the last has four or more
  digits, as no date, phone number or amount beside another number has. Written plainly, as
  one run or with one kind of single separator, it is always masked, Luhn-valid or not: a
  mistyped card is still a card. Joined across a line break, a spaced dash, double spaces
  or mixed separators, two unrelated numbers may just be sitting side by side, so it is
  masked only if it passes the Luhn check (python-stdnum) or follows a "card" label.
- An SSN is 3-2-4 digits joined by one space or dash each; written otherwise, it must
  pass stdnum's SSN check. Nine digits after an SSN label ("SSN", "SS#", "social security
  no.") are always masked, however they are grouped.
"""

from __future__ import annotations

import re
from typing import Any

from stdnum import luhn
from stdnum.us import ssn as us_ssn

CARD_MASK = "[card number removed]"
SSN_MASK = "[SSN removed]"

_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2212"  # hyphen(s), figure dash, en dash, em dash, minus
_SPACE = r"[^\S\r\n]"  # one horizontal space of any kind (no-break, narrow no-break, thin, ...)
# Between two digit groups: a dot or slash, or up to a few spaces around an optional dash and line break.
_JOIN = rf"(?=[^0-9])(?:[./]|{_SPACE}{{0,3}}(?:[{_DASHES}]{_SPACE}{{0,3}})?(?:\r?\n{_SPACE}{{0,3}})?)"
_NUMBER = rf"[0-9]+(?:{_JOIN}[0-9]+)*"
_GLUE = rf"[\s#:.{_DASHES}]*"  # what may stand between a label and its number: "SSN-", "card#", "SSN: "
_LABEL = (
    rf"\b(?:(?P<card>card)|(?P<ssn>ssn|ss(?=#)|social\s+security))"
    rf"(?:{_GLUE}\b(?:number|num|no))?{_GLUE}"
)
_SECRET = re.compile(rf"(?i)(?P<label>{_LABEL})?(?P<number>{_NUMBER})")
# The end of a stream that may still grow into a secret: up to three label words ("social
# security number"), then a number (maybe with a separator or letters glued after it) or an
# unfinished word. Cutting before it splits no number and no label, so the text before the
# cut redacts now exactly as it will within the whole.
_HOLD = re.compile(
    rf"(?i)(?:\b(?:card|ssn|ss|social|security|number|num|no){_GLUE}){{0,3}}"
    rf"(?:{_NUMBER}(?:[\s./{_DASHES}]*|\w*)|\w*)\Z"
)


def _tight(join: str) -> bool:
    """One separator character, not a line break: the groups are written as one number."""
    return len(join) == 1 and join != "\n"


def _mask_for(groups: list[str], joins: list[str], label: str | None, whole: bool) -> str | None:
    """The mask for these digit groups (joined by ``joins``), or None if they are no secret.

    ``whole``: the groups are not cut out of a longer plainly written number, so that an
    ambiguous form is judged as it stands.
    """
    digits = "".join(groups)
    tight = all(_tight(j) for j in joins)
    if 13 <= len(digits) <= 19 and all(len(g) >= 4 for g in groups[:-1]):
        if tight and len({" " if j.isspace() else j for j in joins}) <= 1:
            return CARD_MASK
        if whole and (label == "card" or luhn.is_valid(digits)):
            return CARD_MASK
    if len(digits) == 9:
        if label == "ssn":
            return SSN_MASK
        if [len(g) for g in groups] == [3, 2, 4]:
            if tight and not any(j in "./" for j in joins):
                return SSN_MASK
            if whole and us_ssn.is_valid(digits):
                return SSN_MASK
    return None


def _mask_number(number: str, label: str | None) -> str:
    """``number`` with every run of groups that reads as a card or SSN masked."""
    groups, joins = re.findall(r"[0-9]+", number), re.split(r"[0-9]+", number)[1:-1]
    n = len(groups)
    masks: list[str | None] = [None] * n
    for i in range(n):
        for k in range(i, n):
            if sum(map(len, groups[i : k + 1])) > 19:
                break
            whole = (i == 0 or not _tight(joins[i - 1])) and (k == n - 1 or not _tight(joins[k]))
            mask = _mask_for(groups[i : k + 1], joins[i:k], label if i == 0 else None, whole)
            if mask:  # a group inside both a card and an SSN reading counts as card
                masks[i : k + 1] = [CARD_MASK if m == CARD_MASK else mask for m in masks[i : k + 1]]
    out = [masks[0] or groups[0]]
    for x in range(1, n):
        if not masks[x] or masks[x] != masks[x - 1]:
            out.append(joins[x - 1] + (masks[x] or groups[x]))
    return "".join(out)


def _replace(m: re.Match[str]) -> str:
    label = "card" if m["card"] else "ssn" if m["ssn"] else None
    return (m["label"] or "") + _mask_number(m["number"], label)


def redact(text: str) -> str:
    """``text`` with card numbers and SSNs replaced by a visible mask."""
    return _SECRET.sub(_replace, text) if text else text


class StreamRedactor:
    """Redacts text that arrives in pieces, holding back only a tail that may still be a secret.

    ``"".join(feed(p) for p in pieces) + flush() == redact("".join(pieces))`` for any split,
    and nothing emitted ever shows what ``redact`` would mask.
    """

    def __init__(self) -> None:
        self._held = ""

    def feed(self, piece: str) -> str:
        """The part of the text so far that is safe to send now, redacted."""
        text = self._held + piece
        held = _HOLD.search(text)
        cut = held.start() if held else len(text)
        self._held = text[cut:]
        return redact(text[:cut])

    def flush(self) -> str:
        """The held-back rest, redacted: call once the text is complete."""
        text, self._held = self._held, ""
        return redact(text)


def redact_deep(value: Any) -> Any:
    """Every string inside plain data (dicts, lists) redacted: a record view or a data table."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {k: redact_deep(v) for k, v in value.items()}
    if isinstance(value, list):
        return [redact_deep(v) for v in value]
    return value
