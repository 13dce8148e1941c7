"""Names the planner must recognise: customers (typo- and case-tolerant), territories, stock vocabulary.

Loaded from the tables with a projected read (``load_vocabulary``) and cached for a few minutes
per container, so resolving "royal plam yacht club" costs microseconds on the hot path. The
directory takes its loader as a function, so it can as well hold a vocabulary built in memory.
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz, process

from awning_assistant.models import RecordType
from awning_assistant.records.store import RecordStore

CACHE_SECONDS = 300
TYPO_CUTOFF = 80  # rapidfuzz ratio for one word to count as another with a typo
COVERAGE = 0.5  # share of a name's word weight the text must cover
NAME_STOPWORDS = frozenset("the a an of and & at for to in on".split())
CUSTOMER_FIELDS = ("CustID", "Name", "Contact", "Territory", "Phone", "Email", "Address", "City")
# Words of stock descriptions that say nothing of what the item is.
STOCK_DESCRIPTION_FILLER = frozenset(
    "inch inches wide width heavy duty gallon gallons roll rolls pack piece pieces "
    "color colour stripe striped yards spool spools sheet sheets awning awnings "
    "small large medium light dark water fabric fabrics sewing mildew remnant "
    "remnants cleaning repair".split()
)
# Words that say what kind of business a customer is. Said after the first words of a customer's name in place of
# the name's own ("Royal Palm Marina" for Royal Palm Yacht Club), they name another business, which the shop
# doesn't have. Words that also name things or places in a question ("storage", "house", "center") are not here.
BUSINESS_TYPES = frozenset(
    "marina marinas yacht inn hotel motel resort resorts cafe grill bar bistro diner cantina taproom tavern pub "
    "restaurant eatery bakery brewery lodge suites condos condominiums apartments church school academy hospital "
    "clinic dental dentistry medical salon spa gym fitness hoa association club llc inc".split()
)

# A kind of business said short for the words of a name ("Sea Oats HOA" for Sea Oats Homeowners Association).
SHORT_FOR = {
    "hoa": {"homeowners", "homeowner", "association"},
    "condos": {"condominium", "condominiums"},
    "condominiums": {"condos", "condo"},
}


@dataclass(frozen=True)
class CustomerName:
    cust_id: str
    name: str
    contact: str
    territory: str
    phone: str = ""
    email: str = ""
    address: str = ""
    city: str = ""


@dataclass(frozen=True)
class Misnamed:
    """A name said that no customer has, made of a customer's first words and another kind of business."""

    said: str  # as the text says it ("Royal Palm Marina")
    near: list[CustomerName]  # the customers whose names begin the same way


@dataclass(frozen=True)
class Described:
    """A customer described by kind and place ("the marina on Pelican Way"), and the customers that fit it."""

    said: str
    fits: list[CustomerName]


@dataclass
class Vocabulary:
    customers: list[CustomerName] = field(default_factory=list)
    territories: list[str] = field(default_factory=list)
    materials: list[str] = field(default_factory=list)
    colors: list[str] = field(default_factory=list)
    stock_words: list[str] = field(default_factory=list)  # what stock is called besides its material ("cleaner")


def vocabulary_of(customers: Iterable[Mapping[str, Any]], stock: Iterable[Mapping[str, Any]]) -> Vocabulary:
    """The vocabulary of customer and stock items (stored items, or rows of the import files)."""
    names = [
        CustomerName(
            i["CustID"],
            i.get("Name", ""),
            i.get("Contact", ""),
            i.get("Territory", ""),
            i.get("Phone", ""),
            i.get("Email", ""),
            i.get("Address") or "",
            i.get("City") or "",
        )
        for i in customers
    ]
    items = list(stock)
    materials = sorted({i["Material"] for i in items if i.get("Material")})
    colors = sorted({i["Color"] for i in items if i.get("Color")})
    return Vocabulary(
        customers=sorted(names, key=lambda c: c.cust_id),
        territories=sorted({c.territory for c in names if c.territory}),
        materials=materials,
        colors=colors,
        stock_words=_stock_words(items, materials + colors),
    )


def _stock_words(items: list[Mapping[str, Any]], named: list[str]) -> list[str]:
    """Words stock descriptions use besides materials and colours ("Awning cleaner concentrate
    (gal)": cleaner, concentrate), so "how many gallons of cleaner" is a stock question."""
    known = {w for n in named for w in re.findall(r"[a-z]+", n.lower())} | STOCK_DESCRIPTION_FILLER
    words = {w for i in items for w in re.findall(r"[a-z]+", (i.get("Description") or "").lower())}
    return sorted(w for w in words if len(w) >= 5 and w not in known)


def load_vocabulary(records: RecordStore) -> Vocabulary:
    """The vocabulary in the tables, read with projections (names, not whole records)."""
    return vocabulary_of(
        records.scan_all(RecordType.customer, projection=CUSTOMER_FIELDS),
        records.scan_all(RecordType.inventory, projection=("Material", "Color", "Description")),
    )


class Directory:
    """The shop's vocabulary, loaded again by ``load`` at most every ``ttl`` seconds."""

    def __init__(self, load: Callable[[], Vocabulary], ttl: float = CACHE_SECONDS) -> None:
        self._load = load
        self._ttl = ttl
        self._lock = threading.Lock()
        self._loaded_at = -1e18
        self._read_from = 0.0  # epoch seconds the vocabulary in use was read from (its load's start)
        self._vocab = Vocabulary()
        self._names = NameIndex([])

    def vocabulary(self) -> Vocabulary:
        with self._lock:
            if time.monotonic() - self._loaded_at > self._ttl:
                started = time.time()
                self._vocab = self._load()
                self._names = NameIndex(self._vocab.customers)
                self._loaded_at = time.monotonic()
                self._read_from = started
            return self._vocab

    def loaded_since(self, moment: float) -> bool:
        """Whether the vocabulary in use was read at or after ``moment`` (epoch seconds); if not, the next
        use reads it again. The answer cache stores nothing resting on names older than the data's version."""
        with self._lock:
            if self._read_from >= moment:
                return True
            self._loaded_at = -1e18
            return False

    def find_by_contact(self, text: str) -> CustomerName | None:
        """The customer whose email address, phone number or street address is in the text ("whose number
        is ...", "the customer at 88 Heron Ln")."""
        emails = {e.lower() for e in re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text)}
        phones = {re.sub(r"\D", "", p)[-10:] for p in re.findall(r"\(?\d{3}\)?[\s.-]*\d{3}[\s.-]*\d{4}", text)}
        if not emails and not re.search(r"\d", text):  # a phone number and a street address both need digits
            return None
        said = " ".join(_words(text))
        return next(
            (
                c
                for c in self.vocabulary().customers
                if (c.email and c.email.lower() in emails)
                or (c.phone and re.sub(r"\D", "", c.phone)[-10:] in phones)
                or (c.address and _street_in(c.address, said))
            ),
            None,
        )

    def find_customers(self, text: str, is_name: bool = False) -> list[CustomerName]:
        """The customers a piece of text names, tolerant of case, partial names and small typos:
        none, the one it names, or several when its words fit more than one name equally well.

        ``text`` may be a whole question ("which orders for royal plam yacht club are open")
        or just the name span a model extracted (``is_name``). A name is found when the
        words of the text cover most of its distinctive words (rare words weigh more than
        "Marina" or "Inn"), matching each word exactly or within a typo. "Sunny Anchor" fits
        "Sunny Anchor Kitchen" and "The Sunny Anchor Raw Bar" alike: both come back, so the
        question can be asked back instead of answered for the wrong customer.
        """
        names = self._index()
        found = _where_said(names.find(text, loose=is_name), text)
        return [c for c in found if names.said_otherwise(text, c) is None]

    def misnamed(self, text: str) -> Misnamed | None:
        """The name the text gives when it is a customer's first words with another kind of business ("Royal Palm
        Marina" for Royal Palm Yacht Club, "Summerwind Marina" for Summerwind Boat Basin): a business the shop has
        no record of, not the customer it is close to."""
        names = self._index()
        found = _where_said(names.find(text), text) or names.by_first_words(text)
        said = [s for c in found if (s := names.said_otherwise(text, c))]
        return Misnamed(said[0], found) if found and len(said) == len(found) else None

    def described(self, text: str) -> Described | None:
        """The customer a text describes by its kind and where it is instead of by name ("the customer on Citrus Blvd
        in Lakeland", "the yacht club up in Crystal River"): those whose town, street and kind of business fit all
        that is said, one or several or none; None when the text describes no customer so."""
        said = DESCRIBED.search(text)
        kind = set(_words(said[1])) if said else set()
        if said is None or not (kind & (BUSINESS_TYPES | CUSTOMER_WORDS)):
            return None
        words = " ".join(_words(text))
        placed = [
            (c, _place_said(c.city, words, street=False), _place_said(c.address, words, street=True))
            for c in self.vocabulary().customers
        ]
        towns, streets = any(town for _, town, _ in placed), any(street for *_, street in placed)
        if not towns and not streets:
            return None
        fits = [
            c
            for c, town, street in placed
            if (town or not towns) and (street or not streets) and kind - CUSTOMER_WORDS <= set(_words(c.name))
        ]
        return Described(said[0].strip(), fits)

    def towns_said(self, text: str) -> list[str]:
        """The customers' towns the text names ("down in Siesta Key")."""
        words = " ".join(_words(text))
        return sorted({t for c in self.vocabulary().customers if (t := _place_said(c.city, words, street=False))})

    def set_aside(self, text: str, name: str) -> list[str]:
        """Another customer's name set aside beside the one named ("Magnolia Park Marina (the marina, not the
        inn)" where Magnolia Park Inn is a customer too): words that say which name is meant, and nothing more."""
        return self._index().set_aside(text, name)

    def _index(self) -> NameIndex:
        self.vocabulary()
        with self._lock:
            return self._names


def _where_said(found: list[CustomerName], text: str) -> list[CustomerName]:
    """Of customers of one name, the one whose town or street the text names ("the Yolanda Yates down in St. Pete
    Beach"); all of them otherwise."""
    if len(found) < 2:
        return found
    said = " ".join(_words(text))
    placed = [
        c for c in found if _place_said(c.city, said, street=False) or (c.address and _street_in(c.address, said))
    ]
    return placed if len(placed) == 1 else found


CUSTOMER_WORDS = frozenset("customer client business place folks shop store company outfit".split())
# A customer told by what and where it is: "the customer on Citrus Blvd", "the yacht club up in Crystal River".
DESCRIBED = re.compile(
    r"\b[Tt]he ((?:customer|client|[a-z]+(?: [a-z]+)?)) (?:(?:up|down|out|over|way) )?(?:on|in|at|off|over on|out on) "
    r"(?:[A-Z0-9][\w.'-]*\s?)+(?:(?:(?:out |up |down |over )?in)\s+(?:[A-Z][\w.'-]*\s?)+)?",
)


def _place_said(place: str, words: str, street: bool) -> str | None:
    """The town, or the street name of an address without its house number and street type ("citrus" of "6901
    Citrus Blvd"), when the words say it; None otherwise."""
    place_words = _words(place)
    if street:
        place_words = place_words[1:-1] if len(place_words) > 2 and place_words[0].isdigit() else []
    name = " ".join(place_words)
    return name if name and re.search(rf"\b{re.escape(name)}\b", words) else None


def _street_in(address: str, said: str) -> bool:
    """The address's house number and street name are in the words said, its street type ("Ln", "Avenue")
    with them or not."""
    street = _street_of(address)
    return street is not None and street.search(said) is not None


@lru_cache(maxsize=4096)  # one per customer, asked of every question
def _street_of(address: str) -> re.Pattern[str] | None:
    """The house number and street name of an address, as a pattern of words; None without a house number."""
    words = _words(address)
    if len(words) < 2 or not words[0].isdigit():
        return None
    return re.compile(rf"(?<![\w-]){re.escape(' '.join(words[:-1] if len(words) > 2 else words))}\b")


SET_ASIDE = re.compile(r"\bnot (?:the |at the |from the )?([a-z][\w'&-]*)")
MIN_FIRST_WORD = 5  # a shorter word ("bay", "palm") is too likely a word of the question


def _words(text: str, keep_case: bool = False) -> list[str]:
    """Lower-case words without possessives ("bar's" -> "bar"); as written with ``keep_case``."""
    words = re.findall(r"[A-Za-z0-9][A-Za-z0-9']*", text)
    return [w[:-2] if w.lower().endswith("'s") else w for w in (words if keep_case else (w.lower() for w in words))]


class NameIndex:
    """Customer names by word, weighted by rarity (inverse document frequency)."""

    def __init__(self, customers: list[CustomerName]) -> None:
        self._customers = customers
        self._tokens: list[list[str]] = []
        postings: dict[str, set[int]] = defaultdict(set)
        self._owner: list[CustomerName] = []
        for c in customers:
            # A customer is found by its name or by its contact person's ("Brian Ibarra's phone").
            for name in dict.fromkeys(n for n in (c.name, c.contact) if n):
                tokens = [w for w in _words(name) if w not in NAME_STOPWORDS]
                i = len(self._tokens)
                self._tokens.append(tokens)
                self._owner.append(c)
                for w in tokens:
                    postings[w].add(i)
        self._postings = postings
        self._first_words = {tokens[0] for tokens in self._tokens if tokens}
        self._vocab = list(postings)
        n = max(len(self._tokens), 1)
        self._weight = {w: math.log(1 + n / len(ids)) for w, ids in postings.items()}

    def _matches(self, word: str) -> list[str]:
        """Name words that ``word`` is, or is within a typo of (long words only)."""
        if word in self._postings:
            return [word]
        if len(word) < 4 or not self._vocab:
            return []
        found = process.extract(word, self._vocab, scorer=fuzz.ratio, limit=3, score_cutoff=TYPO_CUTOFF)
        # a slip of the fingers keeps the first letter and about the length ("mnago", "tamra"), so that
        # "count" is not "Country" nor "cleaning" "Landing"
        return [m[0] for m in found if abs(len(m[0]) - len(word)) <= 1 and m[0][0] == word[0]]

    def find(self, text: str, loose: bool = False) -> list[CustomerName]:
        words = _words(text)
        matched: dict[int, set[str]] = defaultdict(set)
        where: dict[str, list[int]] = defaultdict(list)  # name word -> positions in the text
        for position, word in enumerate(words):
            if word in NAME_STOPWORDS:
                continue
            for token in self._matches(word):
                where[token].append(position)
                for i in self._postings[token]:
                    matched[i].add(token)
        needed = 0.5 if loose else COVERAGE
        best: tuple[float, float] = (0.0, 0.0)
        found: int | None = None
        for i, tokens in sorted(matched.items()):
            total = sum(self._weight[t] for t in self._tokens[i])
            covered = sum(self._weight[t] for t in tokens)
            coverage = covered / total if total else 0.0
            if coverage < needed or (len(tokens) < 2 < len(self._tokens[i]) + 1 and coverage < 0.99):
                continue
            if not _in_order([t for t in self._tokens[i] if t in tokens], where):
                continue
            if (coverage, covered) > best:
                best, found = (coverage, covered), i
        if found is None:
            return self._by_leading_words(matched, where) or (
                self._by_first_word(words[0]) if loose and len(words) == 1 else []
            )
        return self._alike(found, matched, complete=best[0] >= 0.99)

    def _by_first_word(self, word: str) -> list[CustomerName]:
        """A name given as its first word alone ("summerwind" for Summerwind Boat Basin), when that word is in
        one name only and begins it: only for a span known to be a name."""
        names = self._postings.get(word, set())
        if len(word) < MIN_FIRST_WORD or len(names) != 1:
            return []
        i = next(iter(names))
        return [self._owner[i]] if self._tokens[i][0] == word else []

    def by_first_words(self, text: str) -> list[CustomerName]:
        """The customer whose name's first word, in that name only, stands in the text before a kind of business
        ("summerwind marina"): a name said with another business's type."""
        words = _words(text)
        return list(
            {
                c.cust_id: c
                for w, after in zip(words, words[1:], strict=False)
                if after in BUSINESS_TYPES
                for c in self._by_first_word(w)
            }.values()
        )

    def said_otherwise(self, text: str, customer: CustomerName) -> str | None:
        """The name as the text says it when no customer has it: the customer's first words going on with a kind of
        business its name doesn't have ("Royal Palm Marina" for Royal Palm Yacht Club), or its words with another
        customer's among them or just before them ("Manatee Bay Yacht Club" for Manatee Yacht Club, "Conch Point
        Inn" for Shell Point Inn). None when the text says the customer's own name, or just its first words."""
        tokens = {w for w in _words(customer.name) if w not in NAME_STOPWORDS}
        words, written = _words(text), _words(text, keep_case=True)
        at = _closest_run([p for p, w in enumerate(words) if set(self._matches(w)) & tokens])
        if not at:
            return None
        if blended := self._with_other_names(words, at):
            return " ".join(written[blended[0] : blended[-1] + 1])
        if {t for p in at for t in self._matches(words[p])} >= tokens:
            return None
        for p in range(at[0], min(at[-1] + 2, len(words))):
            if (
                words[p] in BUSINESS_TYPES
                and not (set(self._matches(words[p])) | SHORT_FOR.get(words[p], set())) & tokens
            ):
                return " ".join(written[at[0] : max(p, at[-1]) + 1])
        return None

    def _with_other_names(self, words: list[str], at: list[int]) -> list[int]:
        """The positions of a name said with a word of other names between its words, or with another name's
        first word just before it; none when it is said as it is."""
        inside = any(
            words[p] in self._postings and words[p] not in NAME_STOPWORDS for p in range(at[0], at[-1]) if p not in at
        )
        before = at[0] > 0 and words[at[0] - 1] in self._first_words and words[at[0] - 1] not in NAME_STOPWORDS
        return [at[0] - before, at[-1]] if inside or before else []

    def set_aside(self, text: str, name: str) -> list[str]:
        """``Directory.set_aside``: "not the W" where W is a word of a name that begins as ``name`` does."""
        own = [w for w in _words(name) if w not in NAME_STOPWORDS]
        near = {w for tokens in self._tokens if own and tokens[:1] == own[:1] for w in tokens} - set(own)
        return [m[0] for m in SET_ASIDE.finditer(text.lower()) if m[1] in near]

    def _by_leading_words(self, matched: dict[int, set[str]], where: dict[str, list[int]]) -> list[CustomerName]:
        """A name shortened to its first two or more words, the way staff say it ("conch cove" for Conch
        Cove Condominium Association), when those words begin one name only."""
        leading = [
            i
            for i, tokens in sorted(matched.items())
            if len(tokens) >= 2
            and set(self._tokens[i][: len(tokens)]) == tokens
            and _in_order(self._tokens[i][: len(tokens)], where)
        ]
        owners = {self._owner[i].cust_id: self._owner[i] for i in leading}
        if len(owners) != 1:
            return []
        words = set().union(*(matched[i] for i in leading))
        if any(words <= tokens for j, tokens in matched.items() if self._owner[j].cust_id not in owners):
            return []  # another name holds those words too: the text can't tell them apart
        return list(owners.values())

    def _alike(self, found: int, matched: dict[int, set[str]], complete: bool) -> list[CustomerName]:
        """The customer found, then the others whose names hold every word the text matched of it, when the text
        did not give the whole name, or whose name is the same one: the text can't tell them apart."""
        owner = self._owner[found]
        words = matched[found]
        if complete:  # the whole name, which may still be two customers' (one contact person for both)
            others = [self._owner[i] for i in sorted(matched) if self._tokens[i] == self._tokens[found]]
        else:
            others = [self._owner[i] for i, tokens in sorted(matched.items()) if words <= tokens]
        return list({c.cust_id: c for c in [owner, *others]}.values())


def _closest_run(positions: list[int], max_gap: int = 2) -> list[int]:
    """The longest run of positions each within ``max_gap`` of the one before: where a name stands in the text."""
    runs: list[list[int]] = []
    for p in positions:
        if runs and p - runs[-1][-1] <= max_gap:
            runs[-1].append(p)
        else:
            runs.append([p])
    return max(runs, key=len, default=[])


def _in_order(tokens: list[str], where: dict[str, list[int]], max_gap: int = 2) -> bool:
    """The name's matched words stand in the text in the name's order, close together
    ("royal plam yacht club"), not scattered ("heron-blue" is not "Blue Heron")."""
    ends = set(where[tokens[0]])
    for token in tokens[1:]:
        ends = {p for p in where[token] if any(0 < p - e <= max_gap for e in ends)}
        if not ends:
            return False
    return True
