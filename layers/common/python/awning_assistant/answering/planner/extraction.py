"""Pure readings of a question: order ids, kinds, statuses, counts, places, money and stock words.

Each function reads one part of the text with the words in ``vocabulary`` and nothing else
(no tables, no clock), so each can be tested on a string.
"""

from __future__ import annotations

import re
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein

from awning_assistant.answering.planner.vocabulary import (
    ATTRIBUTE_ASKED,
    BARE_ORDER_CUE,
    BARE_ORDER_NUMBER,
    DOMAIN_WORDS,
    DROPPED_OFF,
    DUE_WORDS,
    ITEM_NOUNS,
    KIND_LEFT_OUT,
    KIND_WORDS,
    LAST_BROUGHT,
    MONEY,
    NEGATION,
    NOT_ORDER_NUMBER,
    NUMBER,
    OPEN_WORDS,
    ORDER_ID,
    ORDERS_OF_CUSTOMER,
    ORDINALS,
    OVERDUE_WORDS,
    PREAMBLE_CLAUSE,
    REAL_WORDS,
    SEARCH_STOPWORDS,
    SHORTHAND,
    SHORTHAND_SIGNS,
    STATUS_WORDS,
    STOCK_EXCLUDED,
    STOCK_FILLER,
    STOCK_INCLUDED,
    SWAP_TARGETS,
    WORDS_TO_NUMBERS,
)
from awning_assistant.answering.query_model import statuses_of
from awning_assistant.records.directory import TYPO_CUTOFF


def has(pattern: str, text: str) -> bool:
    """Whether ``pattern`` is anywhere in ``text``, whatever the case."""
    return re.search(pattern, text, re.IGNORECASE) is not None


def has_any(patterns: tuple[str, ...], text: str) -> bool:
    return any(has(p, text) for p in patterns)


def order_ids(question: str) -> list[str]:
    """Order ids in any of the ways staff write them, as stored ("WO-13552"). A bare "order #2396"
    could be either kind: both ids are tried, and only one can exist."""
    ids = []
    for m in ORDER_ID.finditer(question):
        if m[3]:
            ids += [f"WO-{m[4]}", f"RO-{m[4]}"]
            continue
        letters = re.sub(r"[^a-z]", "", (m[1] or "").lower())
        prefix = letters.upper() if letters else ("RO" if m[2].lower() == "repair" else "WO")
        ids.append(f"{prefix}-{m[4]}")
    if not ids and has(BARE_ORDER_CUE, question.lower()):
        for m in BARE_ORDER_NUMBER.finditer(question):
            before = question[: m.start()].lower().split()[-1:]
            if not 1990 <= int(m[1]) <= 2035 and not set(w.strip("#") for w in before) & NOT_ORDER_NUMBER:
                ids += [f"WO-{m[1]}", f"RO-{m[1]}"]  # not a year, nor a code's or a slip's number
    return list(dict.fromkeys(ids))


def question_sentence(question: str) -> str:
    """The asking sentences, lower-cased, when a question comes with a preamble ("I'm calling
    customers today. Which repair jobs are past due?", a clause of five words or more before a
    colon or a dash); the whole text otherwise."""
    # a sentence starts with a capital, or anyhow after a question ("...in my territories? the customers is calling")
    parts = [p.strip() for p in re.split(r"(?<=[.!?])\s+(?=[A-Z(])|(?<=\?)\s+(?=[a-z])", question) if p.strip()]
    # "... past their due date? thx"; a short question that points back ("Which ones were they?", "due back
    # then?") keeps the sentence before it, which says what it points at
    kept = {
        j
        for i, p in enumerate(parts)
        if "?" in p
        for j in ((i - 1, i) if i and (len(p.split()) <= 9 and REFERS_BACK.search(p) or THEIRS.search(p)) else (i,))
    }
    # a sentence after the question that narrows it ("... late? Skip the ones already sitting at ready.")
    kept |= {i for i, p in enumerate(parts) if kept and i > min(kept) and NARROWS.match(p)}
    focus = " ".join(parts[i] for i in sorted(kept) if len(parts) > 1 and kept) or " ".join(parts)
    focus = focus.lower()
    # "doing the sales tax filing, need a check: what was ...?", "got 3 minutes before a call — how many ...?",
    # "I'm filling in for Dylan this week - what's overdue?" (a spaced hyphen is a dash; "dry-brushing" is no dash)
    # ("Nov 30 - Dec 6", "(10 - 12 ft)": a hyphen between numbers or inside brackets is a range, no dash)
    lead = re.match(r"([^:?—–]+?)(?::|(?<!\d)\s[—–-](?=\s+\D))\s+((?:[^:—–-]|\S-\S)*\?.*)$", focus)
    if lead and lead[1].count("(") > lead[1].count(")"):
        lead = None
    # a question, or one reported ("Bonnie asked when we finished her last job - what date?"), is no preamble
    asks = lead and (
        re.match(ASKING_WORD, lead[1])
        or re.search(REPORTED_QUESTION, lead[1])
        # a question after a comma that the dash only goes on to narrow ("between today and the end of the month,
        # what's due - cleanings and repairs both?")
        or (
            re.search(r"[,;]\s*(?:which|what|how|who|whose|when|where)\b", lead[1])
            and not re.match(ASKING_WORD, lead[2])
        )
    )
    # not "wos in coastal ...: count?", nor a question the dash goes on to explain ("which ... yet - still ...?");
    # a short question whole in itself ("... this week - what's overdue?"), not one asking of the lead ("how many?")
    whole = lead and re.match(ASKING_WORD, lead[2]) and not re.fullmatch(ASKS_OF_LEAD, lead[2])
    if lead and len(lead[1].split()) >= 5 and (len(lead[2].split()) >= 4 or whole) and not asks:
        focus = lead[2]
    return without_set_aside(focus)


def without_set_aside(text: str) -> str:
    """ "Forget the Coastal numbers for a second — overall, how many ...": a set-aside clause is not a filter."""
    return re.sub(
        r"\b(?:forget|ignore|never mind|leav(?:e|ing) aside|set(?:ting)? aside)\b[^—–,;:?]*[—–,;:]", " ", text
    )


ASKS_OF_LEAD = r"\W*(?:how (?:many|much)|which(?: ones?)?|what about (?:them|it|those)|when|who)\W*"
ASKING_WORD = r"\W*(?:which|what|how|who|whose|when|where|is|are|do|does|did|can|could)\b"
REPORTED_QUESTION = (
    r"\b(?:asked|asks|asking|wants to know|wanted to know|wondering|wonders|called about|checking) (?:me |us |you )?"
    r"(?:when|what|which|how|whether|if|who|where|why)\b"
)
REFERS_BACK = re.compile(
    r"\b(?:ones|they|them|those|these|then|that one|that order|that job)\b|"
    r"^\W*(?:are|is|do|does|did|have|has|was|were|can|will|could) (?:we|they|you|it|he|she|i)\W*$",  # "Are we?"
    re.IGNORECASE,
)
# "Coastal's been slammed all week. How many of their cleaning jobs ...?": whose, said just before
# A sentence that drops a set from what was asked ("Skip the ones already at ready.", "Just the repairs.").
NARROWS = re.compile(
    r"\W*(?:skip(?:ping)?|leave|leaving|only|just|exclud(?:e|ing)|except|without|ignor(?:e|ing)|drop|minus)\b",
    re.IGNORECASE,
)
THEIRS = re.compile(r"\b(?:how many|which|any|all) of (?:their|theirs)\b", re.IGNORECASE)
SHORT_FORM = re.compile(rf"(?<![\w/#'.-])({'|'.join(SHORTHAND)})(?![\w/#'-]|\.\w)", re.IGNORECASE)


def spell_out(question: str) -> str:
    """Chat shorthand in full words ("due tmrw?" -> "due tomorrow?", "# in cln q" -> "number in cleaning queue")."""

    def full(match: re.Match[str]) -> str:
        word = match[0].lower()
        return next(v for k, v in SHORTHAND.items() if re.fullmatch(k, word))

    text = SHORT_FORM.sub(full, question)
    for sign, words in SHORTHAND_SIGNS:
        text = re.sub(sign, words, text, flags=re.IGNORECASE)
    return text


def fix_typos(question: str) -> str:
    """Domain words mistyped by a slip of the keyboard ("overdeu", "recieved", "emial") spelled right.

    Only a single edit counts (a swap of two letters included), and never for an inflection of a
    domain word or the stem of one ("queued", "repaired", "quote" stay as they are). A short word
    is only put right by a swap or a dropped letter ("redy", "queu"), never when it is a word
    itself ("read"); the words questions are built of only by a swap ("wrok", "mnay", "bieng"),
    as "bring" and "may" are words too."""

    def fix(match: re.Match[str]) -> str:
        word = match[0].lower()
        if dropped := next((d for d in DOMAIN_WORDS if word == f"{d}d" and not d.endswith("e")), None):
            return f"{dropped}ed"  # "repaird", "cleand": the past tense with its "e" dropped
        if (
            len(word) < 3
            or word in REAL_WORDS
            or any(word.startswith(d) or d in (f"{word}s", f"{word}d", f"{word}ed") for d in DOMAIN_WORDS)
        ):
            return match[0]
        swap = next((w for w in SWAP_TARGETS if w != word and _swapped(word, w)), None)
        if swap:
            return swap
        hit = process.extractOne(word, DOMAIN_WORDS, scorer=DamerauLevenshtein.distance, score_cutoff=1)
        if not hit or hit[0][0] != word[0]:
            return match[0]
        return hit[0] if len(word) >= 5 or len(hit[0]) == len(word) + 1 else match[0]

    return re.sub(r"[A-Za-z]+", fix, question)


def _swapped(typed: str, word: str) -> bool:
    """``typed`` is ``word`` with two neighbouring letters swapped."""
    diff = [i for i, (a, b) in enumerate(zip(typed, word, strict=False)) if a != b]
    return (
        len(typed) == len(word)
        and len(diff) == 2
        and diff[1] == diff[0] + 1
        and typed[diff[0]] == word[diff[1]]
        and typed[diff[1]] == word[diff[0]]
    )


def order_kinds(q: str) -> list[str]:
    """The order kinds named: cleaning work orders, repair orders, both, or none. A kind left out by
    name ("not the cleanings") is not among them, and leaves the other kind."""
    if has(
        r"\bwork (?:and|&|or|/) repair (?:orders?|jobs?)\b|\b(?:both|either) kinds?\b|"
        r"\b(?:repairs?|repair orders|cleanings?|cleaning orders|work orders) (?:too|as well|also|included)\b|"
        r"\binclud(?:e|ing) (?:the )?(?:repairs?|repair orders|cleanings?|cleaning orders|work orders)\b|"
        r"\b(?:cleanings?|cleaning (?:orders|jobs)|work orders) (?:and|&|plus|as well as) (?:the )?repairs?\b|"
        r"\brepairs? (?:and|&|plus|as well as) (?:the )?(?:cleanings?|cleaning (?:orders|jobs)|work orders)\b",
        q,
    ):  # "what's due Friday? repairs too": the other kind as well as the one asked by default
        return ["work_order", "repair_order"]
    left_out = set().union(*(_kinds_named(m[0]) for m in re.finditer(KIND_LEFT_OUT, q)))
    kinds = [k for k in _kinds_named(re.sub(KIND_LEFT_OUT, " ", q)) if k not in left_out]
    return kinds or [k for k in ("work_order", "repair_order") if left_out and k not in left_out]


def _kinds_named(q: str) -> list[str]:
    kinds = []
    if has(
        r"\b(work[- ]?orders?|cleaning (?:orders?|jobs?|tickets?|history)|work tickets?|wos?|cleanings|"
        r"(?:dropped off|brought in|sent in|in) for (?:a )?cleaning|had (?:\w+ )?(?:cleaned|washed))\b",
        q,
    ):
        kinds.append("work_order")
    if has(
        r"\b(repair[- ]?orders?|repair (?:jobs?|tickets?|history|work)|ros?|had (?:\w+ )?(?:repaired|fixed|"
        r"restitched|sewn)|(?:any|the|just|only|their|his|her|all) repairs)\b",
        q,
    ):
        kinds.append("repair_order")
    if not kinds and has(r"\brepairs\b", q) and not has(r"\bclean(?:ing|ings|ed|s)?\b|\bwash", q):
        kinds.append("repair_order")  # "Blue Heron Outfitters - repairs only": the jobs of one kind
    return kinds


def states_of_other_kinds(q: str, kinds: list[str]) -> list[str]:
    """States said that only another kind of order has ("repair orders being cleaned", "work orders that are
    quoted"): no filter of the kinds asked reads them, so they are left unread rather than dropped."""
    said: list[str] = []
    text = q.replace("’", "'")
    for pattern, by_kind in STATUS_WORDS if kinds else ():
        said += [m[0] for m in re.finditer(pattern, text) if not set(by_kind) & set(kinds)]
        text = re.sub(pattern, lambda m: " " * len(m[0]), text)
    return said


def statuses_in(q: str, kinds: list[str]) -> tuple[list[str], set[str]]:
    """Statuses named in everyday words for the order kinds in question (both when none),
    and those the question negates ("received but not quoted", "aren't finished")."""
    wanted = kinds or ["work_order", "repair_order"]
    found: list[str] = []
    negated: set[str] = set()
    text = q.replace("’", "'")
    codes = set(statuses_of(wanted))
    for m in re.finditer(r"\bstatus(?:es)?\s*(?:=|==|:|is|of)\s*['\"]?([a-z][a-z_ ]*[a-z])", text):
        code = next(
            (
                c
                for c in sorted(codes, key=len, reverse=True)
                if m[1].startswith(c.replace("_", " ")) or m[1].startswith(c)
            ),
            None,
        )  # the raw code: "status=cleaning", "status: in_repair"
        if code:
            found.append(code)
            text = text[: m.start()] + " " * (m.end() - m.start()) + text[m.end() :]
    for pattern, by_kind in STATUS_WORDS:
        for m in re.finditer(pattern, text):
            names = [s for k, s in by_kind.items() if k in wanted]
            said_negated = re.match(r"(?:not|never|haven't|hasn't|have not|has not)\b", m[0])  # in the status words
            if re.search(NEGATION, text[: m.start()]) and not said_negated:
                negated.update(names)
            else:
                found.extend(s for s in names if s not in found)
        text = re.sub(pattern, lambda m: " " * len(m[0]), text)
    return [s for s in found if s not in negated], negated


def number(word: str) -> int:
    """A count written in digits or in words ("3", "three"), as ``NUMBER`` matches it."""
    return int(word) if word.isdigit() else WORDS_TO_NUMBERS[word]


def ranking_place(q: str) -> int | None:
    """The one place of a ranking asked for: "second biggest", "3rd best", "#2", "runner-up"."""
    m = re.search(
        rf"\b(?:({'|'.join(ORDINALS)})|(\d+)(?:st|nd|rd|th))[- ](?:biggest|largest|best|highest|top|"
        rf"most|place)\b|#\s*(\d+)\b|\bnumber {NUMBER}\b(?= (?:by|in|on|for)\b)|\b(runner[- ]up)\b|"
        rf"\b(?:came|come|comes|finished|ranked|placed) (?:in )?({'|'.join(ORDINALS)})\b(?= (?:for|in|on|by)\b)",
        q,
    )
    if not m:
        return None
    word = next(g for g in m.groups() if g)
    place = 2 if word.startswith("runner") else ORDINALS[word] if word in ORDINALS else number(word)
    return place if 1 <= place <= 50 else None


def latest_orders(q: str) -> int | None:
    """How many of the most recent orders are asked for: "latest WO" = 1, "last 3 repair jobs" = 3,
    "when did they last drop something off" = 1."""
    m = re.search(rf"\b(?:latest|most recent|newest|last)\s+(?:{NUMBER}\s+)?{DROPPED_OFF}\b", q)
    if not m:
        return 1 if re.search(LAST_BROUGHT, q) else None
    return max(1, number(m[1])) if m[1] else 1


def revenue_fields(q: str) -> dict[str, Any]:
    """Which revenue is asked for (cleaning, repair, all, or split), and how many customers to rank."""
    cleaning = has(r"\bclean(?:ing|ings|ed)?\b|\bwork orders?\b|\bwash(?:ing)?\b", q)
    repair = has(r"\brepairs?\b|\brepair orders?\b|\bsewing\b", q)
    split = (cleaning and repair) or has(r"\b(split|break(?: it)? down|breakdown|vs\.?|versus|by type)\b", q)
    top = re.search(rf"\b(?:top|best|biggest|largest)\s*{NUMBER}\b|\b{NUMBER}\s+(?:\w+\s+)?(?:customers|clients)\b", q)
    word = top and (top[1] or top[2])
    single = has(
        r"\b(?:top|best|biggest|largest|highest[- ]paying)\s+(?:customer|cust|client|account|spender)\b"
        r"(?!s)",
        q,
    )  # "the biggest account"
    n = number(word) if word else 1 if single else 5
    kind = "all" if split or cleaning == repair else ("cleaning" if cleaning else "repair")
    return {"split_revenue": split, "revenue_kind": kind, "top_n": max(1, min(n, 50))}


REMNANT_WORDS = r"\b(remnants?|offcuts?|scraps?|leftovers?(?: pieces?)?|ends?[- ]of[- ](?:the[- ])?rolls?)\b"
# "used" as a condition, not the verb ("we just used 5 yards", "what did we use", "used up", "used for").
USED_CONDITION = (
    r"(?<!\bwe )(?<!\bi )(?<!\bjust )(?<!\bhave )(?<!\bhas )(?<!\bhad )(?<!\bthey )(?<!\bbeen )"
    r"\bused\b(?! (?:up|for|on|in|by|to|it|them|the|a|an)\b| \d)"
)


# Each stock condition in the shop's words.
CONDITION_WORDS = (
    ("New", r"\bnew\b|\bfull (?:bolts?|rolls?)\b|\bwhole (?:bolts?|rolls?)\b"),
    ("Remnant", REMNANT_WORDS),
    ("Used", USED_CONDITION),
)


def stock_fields(question: str, materials: list[str], colors: list[str]) -> dict[str, Any]:
    """Material, colour, condition and size of a stock question, from the stock's own words."""
    q = re.sub(PREAMBLE_CLAUSE, " ", re.sub(r"\bgr[ae]y\b", "gray", question.lower()))  # not "new stock" set aside
    # two colours of a stripe as the stock names them ("navy-and-white striped": "navy/white stripe")
    q = re.sub(r"\b([a-z]+)(?:\s*[-/&]\s*|[\s-]+and[\s-]+)([a-z]+)[\s-]+strip(?:e|es|ed)\b", r"\1/\2 stripe", q)
    material = last_named(q, materials) or material_word(q, materials)
    rest = q.replace(material.lower(), " ") if material else q  # "clear vinyl" is a material, not a colour
    color = longest_in(rest, colors) or longest_in(rest.replace("gray", "grey"), colors)
    kept = re.sub(STOCK_EXCLUDED, " ", q)  # "not counting remnants" asks for no remnants
    # "leftovers included": every condition
    named = [] if has(STOCK_INCLUDED, kept) else [c for c, words in CONDITION_WORDS if has(words, kept)]
    condition = named[0] if len(named) == 1 else None  # "new or leftover", "is it new or used?": every one, shown
    size = re.search(r"\b(\d+(?:\.\d+)?)\s*(?:-|\s)?(?:inch(?:es)?|in\b|\"|”)", q)
    known = set(re.findall(r"[a-z0-9]+", " ".join(x for x in (material, color, condition) if x).lower()))
    extra = [
        w
        for w in re.findall(r"[a-z][a-z0-9]+", rest)
        if w not in STOCK_FILLER
        and w not in known
        and len(w) > 2
        and not w.startswith(("remnant", "offcut", "scrap", "leftover", "used", "new"))
    ]
    return {
        "material": material,
        "color": color,
        "condition": condition,
        "size": f"{size[1]} in" if size else None,
        "keywords": extra,
    }


LINKING_WORDS = frozenset("a an and or of the to in on at for with by per".split())


def material_word(q: str, materials: list[str]) -> str | None:
    """A material named by one of its words: "sunbrella" is Sunbrella Canvas; "vinyl" (several
    materials) stays "vinyl", which the stock query matches as part of a material name."""
    for word in re.findall(r"[a-z]+", q):
        if word in LINKING_WORDS:  # "and" names no "Hook-and-Loop Tape"
            continue
        stem = word[:-1] if word.endswith("s") and len(word) > 4 else word
        owners = [m for m in materials if stem in re.findall(r"[a-z]+", m.lower())]
        if len(owners) == 1:
            return owners[0]
        if owners:
            return stem
    return None


def _as_words(name: str) -> str:
    """A name standing in a text as words, a plural allowed ("awnings"), not inside "canvas/vinyl"."""
    return rf"(?<![\w/]){re.escape(name.lower())}s?(?![\w/])"


def _outer_spans(q: str, names: list[str]) -> list[tuple[int, int, str]]:
    """Where each name stands in the text, in the names' order, less those inside a longer one named."""
    spans = {n: m.span() for n in names if (m := re.search(_as_words(n), q, re.IGNORECASE))}
    return [
        (a, b, n)
        for n, (a, b) in spans.items()
        if not any((c, d) != (a, b) and c <= a and b <= d for c, d in spans.values())
    ]


def last_named(q: str, names: list[str]) -> str | None:
    """The name standing last in the text of those named (a name inside a longer one named is not counted):
    in "polyester thread" the thread is the thing, the polyester what it is made of."""
    outer = _outer_spans(q, names)
    return max(outer, key=lambda span: span[1])[2] if outer else None


def named_apart(q: str, names: list[str]) -> list[str]:
    """The names of things standing apart ("thread ... PTFE and polyester together": each a thing of its own),
    none when one names what the other is made of ("polyester thread") or one name is all there is."""
    outer = sorted(_outer_spans(q, names))
    apart = any(re.search(r"\b(?:and|or|plus)\b|[,&/]", q[a[1] : b[0]]) for a, b in zip(outer, outer[1:], strict=False))
    return [n for _, _, n in outer] if apart else []


def longest_in(q: str, names: list[str]) -> str | None:
    """The longest of ``names`` standing in the text as words (a plural allowed): a name wins over one inside it."""
    hits = [n for n in names if has(_as_words(n), q)]
    return max(hits, key=len) if hits else None


def search_terms(question: str) -> str:
    """The question without function words, for BM25 (the embedding uses the full question)."""
    words = re.findall(r"[A-Za-z0-9][A-Za-z0-9'&/-]*", question)
    kept = [w for w in words if w.lower() not in SEARCH_STOPWORDS]
    return " ".join(kept) or question


def without_name(focus: str, name: str) -> str:
    """``focus`` with the customer's name, and the preposition that introduces it ("the jobs under Blue
    Heron"), blanked out: "First Coast Marina" holds no modifier, "Juniper Springs" asks about no springs."""
    words = set(re.findall(r"[a-z0-9][a-z0-9']*", name.lower())) - {"the", "and", "of"}
    if not words:
        return focus
    words |= {w for w in re.findall(r"[a-z][a-z']{3,}", focus) if slip_of(w, words)}  # "Sunest Pier" for Sunset
    word = f"(?:{'|'.join(map(re.escape, sorted(words)))})"
    named = rf"(?:\b(?:under|for|from|of|by|with) (?:the )?(?:name |account )?(?:of )?(?={word}\b))?\b{word}(?:'s)?\b"
    return re.sub(named, lambda m: " " * len(m[0]), focus)


def slip_of(word: str, name_words: set[str]) -> bool:
    """A word the name was found by despite a slip of the fingers (as the directory forgives them)."""
    return any(
        w[0] == word[0] and abs(len(w) - len(word)) <= 1 and fuzz.ratio(word, w) >= TYPO_CUTOFF
        for w in name_words
        if len(w) >= 4
    )


# What a customer's orders answer for: the shop's items, their orders and news, kinds, states, dates and money.
ORDERISH = (
    ITEM_NOUNS,
    ORDERS_OF_CUSTOMER,
    DROPPED_OFF,
    KIND_WORDS,
    OPEN_WORDS,
    OVERDUE_WORDS,
    DUE_WORDS,
    MONEY,
    *(p for p, _ in STATUS_WORDS),
)


def words_asked(focus: str) -> str | None:
    """The words of ``focus`` (the asking sentence with the customer's name blanked) that name no order, item,
    status or date ("what ladder do we need to bring to ...'s place?": "ladder bring place"): what their notes
    may speak of; None when there are none."""
    words = [w for w in re.findall(r"[a-z][a-z'-]{3,}", focus) if w not in SEARCH_STOPWORDS]
    words = [w for w in words if not has_any(ORDERISH, w)]
    return " ".join(words) or None


def attribute_asked(focus: str, names: list[str]) -> str | None:
    """What ``focus`` (the asking sentence with the customer's name blanked) asks of them that no order of
    theirs answers ("does ... have a dog?": "dog"), or None. ``names``: the materials and stock words, which
    their orders answer for as well as the shop's items, statuses, money and dates."""
    m = re.search(ATTRIBUTE_ASKED, focus)
    asked = m and next(g for g in m.groups() if g)
    if not asked or has_any(ORDERISH, asked):
        return None
    return None if longest_in(asked, names) or material_word(asked, names) else asked
