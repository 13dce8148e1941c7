"""Words the shop's staff and customers use for the same thing, as data.

A customer on the phone says "stitched" for what the order calls "embroidered", "edging" for
its "trim", "the seventies one" for "1970s". A record answers a question when it holds each of
the question's telling words or one that means the same; the embedding model tells close
words apart too loosely for that ("purple" is as near "green" as "emblem" is to "logo"), so
the sameness that matters is written down here. A group is one meaning; a new word staff use
is a word added to a line.
"""

from __future__ import annotations

from functools import cache

from awning_assistant.answering.text_terms import terms

GROUPS = (
    "embroidered embroidery stitched stitching sewn needlework",
    "print printed pattern patterned design designs graphic graphics motif picture pictures image images drawn "
    "drawing drawings artwork illustration illustrations",
    "logo logos emblem crest insignia badge",
    "monogram monogrammed initial initials letter",
    "lettering lettered letters script writing wording handwritten hand-lettered handwriting",
    "established est",
    "edging edge edges trim trimmed border piping cording binding",
    "scalloped scallop scallops wavy",
    "checkerboard checkered chequered checked checks",
    "stripe stripes striped stripey stripy",
    "camo camouflage",
    "sequin sequins sequined sparkle sparkles sparkly spangles glitter",
    "cutout cutouts silhouette silhouettes shapes",
    "gradient fade faded fading ombre",
    "applique appliqued appliques patch patches sewn",
    "painted paint hand-painted",
    "sixties 1960s 60s",
    "seventies 1970s 70s",
    "eighties 1980s 80s",
    "nineties 1990s 90s",
    "drape drapes curtain curtains",
    "sheer chiffon voile organza",
    "light lights lighting led bulbs",
    "channel sleeve pocket",
    "tie-dye tiedye tie-dyed",
    "umbrella parasol",
    "metallic shiny glossy",
    "cover covers tarp tarps tarpaulin",
    "panel panels wall walls side sides",
    "storefront shopfront front",
    "algae mildew mold mould",
    "cushion cushions pillow pillows",
    "rip rips tear tears torn ripped",
    "install installed installing installation reinstall reinstalled reinstallation hang hung rehang rehung "
    "mount mounted remount remounted",
    "improper improperly badly poorly wrongly incorrectly",
    "surcharge extra add-on upcharge",
    "guarantee guaranteed guarantees warranty warranted",
    "minimum smallest lowest least",
    "store stored storage hold held keep kept",
    "dispose disposed disposal discard discarded toss tossed trash junk",
    "collect collected uncollected claim claimed",
    "clean cleaning wash washing washed cleaned reclean",
    "sewing restitching resewing stitching",
    "notice advance ahead beforehand",
    "dwell dwelling soak soaking leave stay sit",
    "soap solution cleaner detergent",
    "technician tech handled",
    "pro professional professionally",
    "takedown take-down reinstall reinstalling reinstallation",
    "install installed installing installation fit fitted",
    "hole holes puncture punctured",
    "grommet grommets eyelet eyelets",
    "intake check-in checkin inspection pre-inspection inspected",
    "flagged flag noted notes note remarked",
    "animal animals dog dogs cat cats pet pets squirrel squirrels raccoon raccoons rodent rodents chewed gnawed",
    "storm storms hurricane hurricanes gale windstorm tropical wind winds windy gust gusts gusty",
    "abandoned abandon unclaimed",
    "approve approved approves approval okay okays okayed accept accepted accepts",
    "deposit upfront up-front",
    "zip zips zipper zippers",
    "label labels labelled labeled labelling tag tags tagged mark marks marked",
    "area areas bay bays room section zone",
    "pickup pickups collect collects collected",
    "cloth fabric fabrics",
    "rot rots rotted rotten rotting fail fails failed failure deteriorate deteriorated disintegrate disintegrated",
    # units as written short
    "hour hours hr hrs",
    "week weeks wk wks",
    "year years yr yrs",
    "foot feet ft",
    "square sq",
    "pound pounds lb lbs",
)


@cache
def _meanings() -> dict[str, frozenset[str]]:
    by_term: dict[str, set[str]] = {}
    for group in GROUPS:
        stems = terms(group)
        for stem in stems:
            by_term.setdefault(stem, set()).update(stems)
    return {stem: frozenset(same) for stem, same in by_term.items()}


def same_as(term: str) -> frozenset[str]:
    """The stems that mean what ``term`` (a stem, as ``text_terms.terms`` makes them) means, itself included."""
    return _meanings().get(term, frozenset({term}))
