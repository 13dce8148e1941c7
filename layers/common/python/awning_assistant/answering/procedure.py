"""A procedure's order: the step that comes after (or before) the one a question names.

"What's the step right after dry brushing?" names one step to ask about its neighbour: the
sentence closest to the question is the named step itself, the one answer it is not. A
document's numbered steps ("2. Dry brushing", "3. Mix 1/4 cup ...", with the lines under
each) are read as a sequence, the named step found by its words, and its neighbour quoted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from awning_assistant.answering.text_terms import terms

# "the step right after X", "what comes before X", "what do we do after X", "next step after X"
STEP_ASKED = re.compile(
    r"\b(?:steps?|what (?:comes|happens|goes|do (?:we|i|you) do|should (?:we|i) do)|what's next|next)\b[^?.]*?"
    r"\b(?P<way>right after|just after|straight after|immediately after|after|following|right before|just before|"
    r"before|prior to|preceding)\s+(?P<named>[^?.]+)",
    re.IGNORECASE,
)
# "what's the last step?", "the first thing we do"
END_STEP = re.compile(r"\b(?:the )?(first|1st|last|final) (?:step|thing (?:we|you|i) do)\b", re.IGNORECASE)
STEP_START = re.compile(r"^\s*(\d{1,2})[.)]\s+(\S.*)$")


@dataclass(frozen=True)
class Step:
    number: int
    lines: tuple[str, ...]

    def text(self) -> str:
        """The step as one quote: its first line, then the lines under it."""
        first, *rest = (re.sub(r"^\s*(?:[-•*–]\s+)", "", line).strip() for line in self.lines)
        return f"{self.number}. {first}" + (": " + " ".join(rest) if rest else "")


def steps(text: str) -> list[Step]:
    """The numbered steps of a text, each with the unnumbered lines that follow it."""
    found: list[tuple[int, list[str]]] = []
    for line in text.splitlines():
        if m := STEP_START.match(line):
            found.append((int(m[1]), [m[2]]))
        elif found and line.strip():
            found[-1][1].append(line)
    return [Step(n, tuple(lines)) for n, lines in found]


def neighbour_step(question: str, text: str) -> str | None:
    """The step after (or before) the one the question names, or the first or the last, quoted; None when the
    question asks no such thing, or the text has no numbered steps, or none of them is plainly the one named."""
    asked = STEP_ASKED.search(question)
    sequence = steps(text)
    if len(sequence) < 2:
        return None
    if not asked:
        end = END_STEP.search(question)
        return sequence[0 if end[1].lower() in ("first", "1st") else -1].text() if end else None
    named = terms(asked["named"])
    # its own words first ("2. Dry brushing"), then the lines under it ("let it dry", "the soft brush" of another)
    overlap = [2 * len(named & terms(s.lines[0])) + len(named & terms(" ".join(s.lines))) for s in sequence]
    best = max(overlap)
    if best == 0 or overlap.count(best) > 1:
        return None
    at = overlap.index(best) + (-1 if "before" in asked["way"] or asked["way"] in ("prior to", "preceding") else 1)
    return sequence[at].text() if 0 <= at < len(sequence) else None
