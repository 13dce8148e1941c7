"""Card numbers and SSNs in every form text brings them, the numbers that only look like them,
and redaction of answers that arrive in pieces."""

from __future__ import annotations

import itertools
import random

import pytest

from awning_assistant.records.redaction import StreamRedactor, redact

CARD = "[card number removed]"
SSN = "[SSN removed]"
NBSP, NNBSP = "\u00a0", "\u202f"

CASES = [
    # Cards, plainly written (always masked, Luhn-valid or not).
    ("Pay 4111 1111 1111 1111.", f"Pay {CARD}."),
    ("4111111111111112 is on file", f"{CARD} is on file"),
    ("Amex 3782 822463 10005", f"Amex {CARD}"),
    ("card 4111-1111 1111-1111", f"card {CARD}"),
    ("Read out 4111.1111.1111.1111, exp 09/28.", f"Read out {CARD}, exp 09/28."),
    ("1234.5678.9012.3456", CARD),
    (f"4111{NBSP}1111{NBSP}1111{NBSP}1112 was read out", f"{CARD} was read out"),
    (f"Card 5500{NNBSP}0000{NNBSP}0000{NNBSP}0004", f"Card {CARD}"),
    ("The card is 4111–1111–1111–1112", f"The card is {CARD}"),
    ("4111—1111—1111—1111", CARD),
    ("(4111/1111/1111/1111)", f"({CARD})"),
    ("Card-4111111111111111", f"Card-{CARD}"),
    ("card#4111111111111112!", f"card#{CARD}!"),
    ("Card-4111-1111-1111-1111 ok", f"Card-{CARD} ok"),
    ("1234 4111 1111 1111 1111", CARD),  # the card's own last group is masked too
    # Cards written across a line break, spaced dashes, double spaces: masked if Luhn-valid or labelled.
    ("4111 1111\n1111 1111", CARD),
    ("Card on file 5500 0000\r\n0000 0004 - call first.", f"Card on file {CARD} - call first."),
    ("4111-\n1111-1111-1111", CARD),
    ("Amex 3782 822463\n10005 on the account.", f"Amex {CARD} on the account."),
    ("4111 - 1111 - 1111 - 1111", CARD),
    ("6011 – 0009 – 9013 – 9424", CARD),
    ("4111  1111  1111  1111", CARD),
    ("4111   1111   1111   1111 at pickup", f"{CARD} at pickup"),
    ("Card: 1234 5678\n9012 3456", f"Card: {CARD}"),
    ("1234 5678\n9012 3456", "1234 5678\n9012 3456"),  # Luhn-invalid and unlabelled: two numbers
    # SSNs.
    ("Owner gave SSN 078-05-1120.", f"Owner gave SSN {SSN}."),
    ("tax id 219 09 9999", f"tax id {SSN}"),
    ("social security number 123456789", f"social security number {SSN}"),
    ("123–45–6789", SSN),
    ("SSN 123—45—6789", f"SSN {SSN}"),
    (f"123{NBSP}45{NBSP}6789", SSN),
    ("SSN-123-45-6789", f"SSN-{SSN}"),
    ("SSN:123456789", f"SSN:{SSN}"),
    ("SSN#123456789", f"SSN#{SSN}"),
    ("SS#123456789", f"SS#{SSN}"),
    ("ss# 123 456 789", f"ss# {SSN}"),
    ("Social Security No.: 123-456-789", f"Social Security No.: {SSN}"),
    ("SSN 12345 6789", f"SSN {SSN}"),
    ("SSN:\n123 45\n6789", f"SSN:\n{SSN}"),
    ("123 - 45 - 6789", SSN),
    ("123  45  6789", SSN),
    ("123.45.6789", SSN),
    ("part 987 - 65 - 4321", "part 987 - 65 - 4321"),  # not an SSN stdnum accepts (area 9xx)
    # Two secrets in one text.
    ("Card 4111 1111 1111 1111, SSN 078-05-1120.", f"Card {CARD}, SSN {SSN}."),
    ("SSN-078-05-1120 / card#5500.0000.0000.0004", f"SSN-{SSN} / card#{CARD}"),
    ("4111 1111 1111 1111\n123–45–6789", f"{CARD}\n{SSN}"),
    # Numbers that are neither.
    ("WO-10234 and RO-2031 for C00042, stock INV-0042", "WO-10234 and RO-2031 for C00042, stock INV-0042"),
    ("Due 2026-11-24.", "Due 2026-11-24."),
    ("Booked 2026-11-01 - 2026-11-30", "Booked 2026-11-01 - 2026-11-30"),
    ("Booked 2026-11-01–2026-11-30", "Booked 2026-11-01–2026-11-30"),
    ("Booked 2026-11-01 2026-11-30", "Booked 2026-11-01 2026-11-30"),
    ("from 2026-11-01\n2026-11-30 to", "from 2026-11-01\n2026-11-30 to"),
    (
        "(555) 123-4567, 555-123-4567, 555.123.4567, +1 555 123 4567",
        "(555) 123-4567, 555-123-4567, 555.123.4567, +1 555 123 4567",
    ),
    ("Call 555-123-4567 or 555-987-6543", "Call 555-123-4567 or 555-987-6543"),
    ("555-123-4567\n555-987-6543", "555-123-4567\n555-987-6543"),
    ("555.123.4567 - 555.987.6543", "555.123.4567 - 555.987.6543"),
    ("Boston, MA 02139-1234\n555-123-4567", "Boston, MA 02139-1234\n555-123-4567"),
    ("ZIP 02139 or 02139-1234", "ZIP 02139 or 02139-1234"),
    ("Total $1,234.56 (1234.56 before tax)", "Total $1,234.56 (1234.56 before tax)"),
    ("WO-10234 2026-11-24 1234.56", "WO-10234 2026-11-24 1234.56"),
    ("WO-10234  12  4500  54000", "WO-10234  12  4500  54000"),
    ("12 panels, 3 x 240 cm, 1200 yards", "12 panels, 3 x 240 cm, 1200 yards"),
    ("Invoice 123456789, ref 123-456-789", "Invoice 123456789, ref 123-456-789"),
    ("Social security office: 555-123-4567", "Social security office: 555-123-4567"),
    ("business card: 555-123-4567\n555-987-6543", "business card: 555-123-4567\n555-987-6543"),
    ("SSN: n/a; card 2 of 3", "SSN: n/a; card 2 of 3"),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[repr(t)[:40] for t, _ in CASES])
def test_redact(text: str, expected: str) -> None:
    assert redact(text) == expected
    assert redact(expected) == expected  # masking never makes a new secret


def pieces(text: str, rng: random.Random) -> list[str]:
    """``text`` cut at a few random places (sometimes at every character)."""
    if rng.random() < 0.2:
        return list(text)
    cuts = sorted(rng.sample(range(1, len(text)), min(len(text) - 1, rng.randint(0, 6)))) if len(text) > 1 else []
    return [text[a:b] for a, b in itertools.pairwise([0, *cuts, len(text)])]


def stream(parts: list[str]) -> str:
    """What a StreamRedactor emits for ``parts``, checking every emitted prefix on the way."""
    want, redactor, sent = redact("".join(parts)), StreamRedactor(), ""
    for part in parts:
        sent += redactor.feed(part)
        assert want.startswith(sent), (parts, sent)  # never more than redact keeps, not even for a while
    return sent + redactor.flush()


FRAGMENTS = [text for text, _ in CASES] + [
    "4111",
    "1111",
    "123",
    "45",
    "6789",
    "SSN",
    "ss",
    "#",
    "social",
    "security",
    "number",
    "no.",
    "card",
    "Card",
    " ",
    "  ",
    "\n",
    "-",
    " - ",
    "–",
    ".",
    "/",
    ":",
    ",",
    "x",
    "the",
    NBSP,
    "0",
    "9",
    "_",
]


def test_streamed_redaction_equals_redaction_for_any_split() -> None:
    rng = random.Random(20261124)
    texts = [text for text, _ in CASES]
    texts += ["".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 12))) for _ in range(500)]
    for text in texts:
        for _ in range(3):
            assert stream(pieces(text, rng)) == redact(text)


def test_a_card_is_never_sent_even_in_part() -> None:
    text = "Pay with 4111 1111\n1111 1111 today, SSN 078 05 1120."
    for i, j in itertools.combinations(range(1, len(text)), 2):
        sent = stream([text[:i], text[i:j], text[j:]])
        assert sent == f"Pay with {CARD} today, SSN {SSN}."


@pytest.mark.parametrize(
    ("text", "sent_now"),
    [
        ("Cleaned and ready ", "Cleaned and ready "),
        ("Cleaned and rea", "Cleaned and "),  # the unfinished word could still be a label
        ("Call 555-123-4567, card 4111 1111", "Call 555-123-4567, "),
        ("Due 2026-11-24 ", "Due "),  # a separator: more digit groups may follow
        ("Owner's SSN", "Owner's "),
        ("Owner's social security no. ", "Owner's "),
        ("The card is on file.", "The card is on file."),
    ],
)
def test_only_what_may_still_become_a_secret_is_held_back(text: str, sent_now: str) -> None:
    redactor = StreamRedactor()
    assert redactor.feed(text) == sent_now
    assert redactor.flush() == redact(text)[len(sent_now) :]
