"""The grounded composer quotes the sentence that answers, read the way a person reads the page:
wrapped lines joined, words of the same meaning counted, a work-order sheet kept to its order."""

from __future__ import annotations

from dataclasses import replace

from awning_assistant.answering.answer_types import asked_parts, asked_terms, asked_type, echoes, states_figure_asked
from awning_assistant.answering.composer import (
    NEGATED_ASK,
    Composer,
    applied_percentage,
    describe_filter,
    focus_of,
    named_documents,
    ruled_out_scores,
    sentence_score,
    states_answer,
)
from awning_assistant.answering.durations import converted
from awning_assistant.answering.query_model import Intent, QueryPlan
from awning_assistant.answering.relevance import Thresholds, answering, coverage
from awning_assistant.answering.structured import OrderDetail, StructuredResult
from awning_assistant.answering.text_terms import sections, sentences
from awning_assistant.answering.weekdays import worked_day
from awning_assistant.contracts import DataTable
from awning_assistant.indexing.chunk import Chunk
from awning_assistant.models import RecordType
from awning_assistant.records.rows import OrderLine, OrderRow, StockRow
from awning_assistant.search_index import Hit

WARRANTY = (
    "Warranty Policy\nRepairs\nRestitching and seam repairs are warranted for 12 months from the date the "
    "item is returned to the customer.\nZipper\nreplacements are warranted for 3 months.\n"
)
PRICES = (
    "Price List 2026\nService Unit Price\nAwning cleaning - Sunbrella / acrylic canvas per sq ft $2.10\n"
    "Mildew treatment surcharge per sq ft $0.45\nZipper replacement (installed) each $38.00\n"
)
PICKUP = (
    "Pickup and Delivery Policy\nPickup and delivery are free within 20 miles of the shop.\n"
    "Our truck runs pickups on Monday and Wednesday. Please schedule at least 72 hours in advance.\n"
)
STORAGE = "Storage\nFinished items are stored free for 21 days after the customer is notified.\n"
TIPS = "Fabric care tips\nRinse salt spray off monthly.\nHave fabric professionally cleaned every 6 months.\n"
SOP = "Intake and inspection\nPhotograph both sides before washing.\n"
SHEET = (
    "Work Order Sheet WO-13542\nCushion covers Acrylic Canvas Burgundy 2 mildew stains $25.50\n"
    "Technician: Kavya Patel Wash bay: Bay 3\nPre-inspection notes: Salt crust on the underside.\n"
)


def _doc(name: str, text: str) -> Chunk:
    return Chunk(
        chunk_id=f"document#{name}#0", record_type=RecordType.document, record_id=name, title=name, text=text, page=1
    )


def _quoted(question: str, *docs: Chunk) -> str:
    return Composer().compose(question, QueryPlan(intent=Intent.search, documents_only=True), None, list(docs))


def test_a_numbered_section_title_is_the_heading_of_its_sentences():
    sop = "3. Washing\n- Apply the solution and let it dwell for 10 minutes.\n4. Rinsing\nRinse at 400 psi or less.\n"
    assert ("Washing", "- Apply the solution and let it dwell for 10 minutes.") in sections(sop)


def test_a_distance_is_answered_with_a_distance():
    sop = (
        "Rinsing\nClear vinyl is rinsed with the garden-hose nozzle only.\n"
        "Hold the 40-degree fan tip at least 24 inches from the fabric.\n"
    )
    assert "24 inches" in _quoted("nozzle distance from fabric?", _doc("cleaning-procedure-sop.pdf", sop))


def test_a_word_for_the_service_finds_the_line_that_says_it_otherwise():
    policy = "Take-down and reinstallation\nTaking down and reinstalling an awning costs $55.00 per awning.\n"
    answer = _quoted("takedown fee?", _doc("price-list.pdf", PRICES), _doc("pickup-delivery-policy.pdf", policy))
    assert "$55.00" in answer.split("Also,")[0]


def test_how_much_of_a_thing_wants_an_amount_not_a_price():
    sop = "Finishing\nRe-apply water repellent to canvas at 1 gallon per 150 square feet once it is dry.\n"
    answer = _quoted(
        "How much water repellent per square foot?",
        _doc("price-list.pdf", PRICES),
        _doc("cleaning-procedure-sop.pdf", sop),
    )
    assert "1 gallon per 150 square feet" in answer.split("Also,")[0]


def test_a_line_wrapped_after_one_word_is_one_sentence():
    assert "Zipper replacements are warranted for 3 months." in sentences(WARRANTY)
    assert "Zipper replacements are warranted for 3 months." in _quoted("zipper warranty?", _doc("w.pdf", WARRANTY))


def test_words_of_the_same_meaning_pick_the_sentence():
    assert "$0.45" in _quoted("what's the extra for mildew", _doc("price-list.pdf", PRICES))
    assert "3 months" in _quoted("how long are zipper repairs guaranteed", _doc("w.pdf", WARRANTY))
    answer = _quoted(
        "how many days notice for pickup",
        _doc("pickup-delivery-policy.pdf", PICKUP),
        _doc("storage-payment-policy.pdf", STORAGE),
    )
    assert "72 hours in advance" in answer


def test_how_often_wants_a_frequency_and_a_sheet_is_read_for_its_own_order():
    assert "every 6 months" in _quoted(
        "how often should customers get a pro to wash their awnings?", _doc("fabric-care-tips.md", TIPS)
    )
    sheet, sop = _doc("work-order-WO-13542.pdf", SHEET), _doc("cleaning-procedure-sop.pdf", SOP)
    plan = QueryPlan(intent=Intent.search, documents_only=True, order_ids=["WO-13542"])
    flagged = Composer().compose("What did the intake inspection flag on WO-13542?", plan, None, [sop, sheet])
    assert "Salt crust" in flagged
    assert "Kavya Patel" in Composer().compose("who handled WO-13542 according to its sheet", plan, None, [sheet])


def test_a_work_order_sheet_answers_only_for_its_own_order():
    floor = Thresholds(
        record=0.5,
        record_with_terms=0.25,
        document=0.5,
        document_with_term=0.3,
        document_with_most_terms=0.2,
        sentence=0.5,
        sentence_with_terms=0.4,
    )
    sheet = Hit(chunk=_doc("work-order-WO-13542.pdf", SHEET), score=2.0)
    prices = Hit(chunk=_doc("price-list-2026.pdf", PRICES), score=1.0)
    assert answering("extra for mildew?", [], [sheet, prices], {"document": 0.6}, floor) == [prices]
    assert answering("mildew on WO-13542?", ["WO-13542"], [sheet, prices], {"document": 0.6}, floor) == [sheet, prices]
    assert answering("mildew stains on the burgundy cushions?", [], [sheet], {"document": 0.6}, floor) == [sheet]
    # who worked on an order only its own sheet can say: a policy answers no "who cleaned WO-x?"
    sop = Hit(chunk=_doc("cleaning-procedure-sop.pdf", "Standard Operating Procedure: Fabric Cleaning"), score=2.0)
    assert answering("Who cleaned WO-13589?", ["WO-13589"], [sop, prices], {"document": 0.6}, floor) == []


def test_a_table_row_is_quoted_whole_and_a_leaning_sentence_brings_the_one_before():
    rows = (
        "Price list 2027\n\nService: Deluxe clean · Size: up to 10 x 12 ft · Price: $180.00\n"
        "Service: Standard clean · Size: up to 8 x 10 ft · Price: $120.00\n"
    )
    assert "> Service: Deluxe clean · Size: up to 10 x 12 ft · Price: $180.00" in _quoted(
        "how much is a deluxe clean?", _doc("prices.pdf", rows)
    )
    notice = (
        "Storm season\nAwnings over 12 feet wide are retracted when winds reach 40 mph. "
        "This is checked by the shift lead every hour.\n"
    )
    answer = _quoted("who checks the wind during storm season?", _doc("storm-notice.pdf", notice))
    assert "40 mph. This is checked by the shift lead every hour." in answer


def test_a_close_second_from_another_page_is_quoted_too():
    first = Chunk(
        chunk_id="document#manual.pdf#0",
        record_type=RecordType.document,
        record_id="manual.pdf",
        title="manual.pdf",
        text="Canopy frames\nFrames are inspected for rust before every wash.\n",
        page=3,
    )
    second = Chunk(
        chunk_id="document#manual.pdf#1",
        record_type=RecordType.document,
        record_id="manual.pdf",
        title="manual.pdf",
        text="Canopy frames\nRusted frames are wire-brushed and primed.\n",
        page=9,
    )
    answer = _quoted("what happens to rusted canopy frames?", first, second)
    assert "page 9" in answer and "wire-brushed and primed" in answer
    lone = _quoted("how much is a zipper replacement?", _doc("price-list.pdf", PRICES), _doc("w.pdf", WARRANTY))
    assert "$38.00" in lone and "Also" not in lone  # nothing close: one quote


def test_a_wrapped_line_that_starts_with_a_capital_is_joined_but_not_across_a_paragraph():
    paper = (
        "We used twelve newspapers published mainly in the\nU.S. over a period of two years.\n\n"
        "Results\nThe kit is listed as Kit No.\nSK-107 (ordered separately) in the catalogue.\n"
    )
    assert "We used twelve newspapers published mainly in the U.S. over a period of two years." in sentences(paper)
    assert "The kit is listed as Kit No. SK-107 (ordered separately) in the catalogue." in sentences(paper)
    assert ("Results", "The kit is listed as Kit No. SK-107 (ordered separately) in the catalogue.") in sections(paper)
    assert "twelve newspapers" in _quoted("how many newspapers were used?", _doc("paper.pdf", paper))


def test_by_what_date_wants_a_day_of_a_month_not_a_year_inside_an_identifier():
    notice = (
        "SUMMARY: The agency proposes to supersede airworthiness directive 2018-23-51, which applies to all "
        "737 MAX airplanes.\nDATES: The agency must receive comments on this proposal by September 21, 2020.\n"
    )
    quoted = _quoted(
        "By what date must the agency receive comments on the proposed airworthiness directive for the 737 MAX?",
        _doc("notice.pdf", notice),
    )
    assert "September 21, 2020" in quoted and "supersede" not in quoted.split("Also,")[0]


def test_one_as_a_pronoun_is_not_a_count():
    question = "How many checks were there?"
    assert sentence_score(question, "Checks show a one-to-one match.") == sentence_score(
        question, "Checks show a ace-to-ace match."
    )
    assert sentence_score(question, "Checks show a two-to-two match.") > sentence_score(
        question, "Checks show a ace-to-ace match."
    )


def test_a_line_that_stops_mid_phrase_continues_on_the_next_whatever_its_case():
    text = "(a) Comments Due Date\nThe FAA must receive comments on this\nAD action by September 21, 2020.\n"
    assert "The FAA must receive comments on this AD action by September 21, 2020." in sentences(text)
    assert sentences("Zipper\nReplacements are warranted.\n") == ["Zipper", "Replacements are warranted."]


def test_a_forms_fields_are_answers_of_their_own_and_who_wants_a_person():
    """A filled-in form's line holds several fields; "who" is answered by the field naming a person."""
    sheet = (
        "Work Order Sheet WO-11199\nCustomer: Luis Quinn Contact: Luis Quinn Phone: (941) 555-2267\n"
        "- 1 x Door canopy - Acrylic Canvas, Beige, 5 x 4 ft, $55.35 each\nOrder total: $430.71\n"
        "Technician: Kavya Patel Wash bay: Bay 3\nPre-inspection notes: Salt crust on the underside.\n"
    )
    assert "Technician: Kavya Patel" in sentences(sheet) and "Wash bay: Bay 3" in sentences(sheet)
    answer = _quoted("Who's the tech on the paperwork for WO-11199?", _doc("work-order-WO-11199.pdf", sheet))
    assert "Kavya Patel" in answer
    row = "Service · Unit · Price\nService: Awning cleaning · Unit: per sq ft · Price: $2.10\n"
    assert "Service: Awning cleaning · Unit: per sq ft · Price: $2.10" in sentences(row)  # a table row stays whole


def test_a_close_second_on_the_same_page_is_quoted_too():
    sop = (
        "Drying\n- Cushion covers and curtains dry for 48 hours before they are folded.\n"
        "- Marine vinyl dries flat, out of direct sun.\n- Hang nothing over the wash bays.\n"
        "- Air-dry canvas on the racks for at least 24 hours; never machine dry.\n"
    )
    answer = _quoted("How long does canvas have to hang dry before we can fold it up?", _doc("sop.pdf", sop))
    assert "24 hours" in answer and "the same page" in answer


def test_the_asked_about_word_and_amounts_in_words_pick_the_sentence():
    diary = (
        "We have siege guns planted in the rear of our division, which took oxen to haul. "
        "These guns are nine-inch calibre and about twelve feet long."
    )
    asked = "What calibre are the guns?"
    assert sentence_score(asked, "These guns are nine-inch calibre and about twelve feet long.") > sentence_score(
        asked, "We have siege guns planted in the rear of our division."
    )
    assert "nine-inch" in _quoted("What calibre are the guns?", _doc("diary.pdf", diary))
    assert sentence_score("How much were they paid?", "They drew thirteen dollars a month.") > sentence_score(
        "How much were they paid?", "They drew their pay every month."
    )


LETTERHEAD = "Suncoast Awning Care | 1622 Industrial Park Dr, Largo, FL 33773 | (727) 555-7914\n\n"
SOP_WASH = (
    "Washing\n- Mix 1/4 cup of pH-neutral fabric cleaner per gallon of water.\n"
    "- Apply the solution and let it dwell for 10 minutes.\n"
)
PRICE_ROWS = (
    "Price List 2026\n\nService Unit Price\n\nCleaning - Clear Vinyl per square foot $3.10\n\n"
    "Grommet replacement each $5.00\n\nMildew treatment surcharge per square foot $0.55\n"
)


def test_when_joining_a_clause_asks_for_no_date():
    """ "When an awning has mildew" is a condition, not "when?": the street number of a letterhead
    is no year that answers it."""
    guide = LETTERHEAD + "Mildew Treatment Guide\nMildew grows on dirt that sits on the fabric.\n"
    answer = _quoted(
        "What's the add-on per square foot when an awning has mildew?",
        _doc("mildew-treatment-guide.pdf", guide),
        _doc("price-list-2026.pdf", LETTERHEAD + PRICE_ROWS),
    )
    assert "$0.55" in answer.split("Also,")[0] and "1622" not in answer


def test_how_much_of_a_thing_is_an_amount_and_no_price():
    answer = _quoted(
        "how much of the soap concentrate do I put in each gallon of water for a normal wash?",
        _doc("price-list-2026.pdf", PRICE_ROWS),
        _doc("cleaning-procedure-sop.pdf", SOP_WASH),
    )
    assert "1/4 cup" in answer.split("Also,")[0]


def test_how_often_wants_each_or_every_of_a_time_not_every_thing():
    sop = (
        "Standard Operating Procedure\nApplies to every awning, cover and cushion cleaned in the shop.\n"
        "Appendix A: wash bay checklist\n- Check the pressure gauge at the start of each shift.\n"
    )
    answer = _quoted(
        "how often is somebody meant to look at the pressure gauge on the washer?",
        _doc("cleaning-procedure-sop.pdf", sop),
    )
    assert "each shift" in answer.split("Also,")[0]


def test_how_many_of_a_unit_wants_that_unit_counted():
    """ "How many miles" is answered by a number of miles, not a price per mile; "how many days" by days
    before months, and "net 30" counts days."""
    pickup = (
        "Pickup and Delivery Policy\nPickup and delivery are free within 20 miles of the shop. "
        "Beyond that we charge $2.25 per mile, one way.\n"
    )
    answer = _quoted(
        "Caller asks if pickup is free - how many miles out do we go at no charge?",
        _doc("pickup-delivery-policy.pdf", pickup),
    )
    assert "20 miles" in answer.split("Also,")[0]
    warranty = WARRANTY + "Claims\n- Report a warranty problem within 10 days of noticing it.\n"
    answer = _quoted(
        "customer noticed a loose seam on our repair - how many days do they have to tell us?",
        _doc("warranty-policy.pdf", warranty),
    )
    assert "10 days" in answer.split("Also,")[0]
    terms = STORAGE + "Payment\nCommercial accounts are invoiced net 30.\n"
    answer = _quoted(
        "A commercial account wants to know their payment terms - how many days?",
        _doc("storage-payment-policy.pdf", terms),
    )
    assert "net 30" in answer.split("Also,")[0]


def test_a_field_that_repeats_the_question_is_no_answer():
    sheet = (
        "Work Order Sheet WO-11199\nCustomer: Luis Quinn Contact: Luis Quinn Phone: (941) 555-2267\n"
        "Technician: Kavya Patel Wash bay: Bay 3\n"
    )
    plan = QueryPlan(intent=Intent.search, documents_only=True, order_ids=["WO-11199"])
    answer = Composer().compose(
        "who's the tech on Luis Quinn's rush job WO-11199, going by the paperwork?",
        plan,
        None,
        [_doc("work-order-WO-11199.pdf", sheet)],
    )
    assert "Kavya Patel" in answer.split("Also,")[0] and "Customer: Luis Quinn" not in answer


def test_the_thing_asked_about_outweighs_a_word_every_shop_question_has():
    """ "Charge" is in half the shop's questions; "eyelets" (a grommet) names the row."""
    pickup = "Pickup and Delivery Policy\nBeyond 15 miles we charge $2.50 per mile, one way.\n"
    answer = _quoted(
        "Customer pulled out two of the metal eyelets on her awning - what do we charge for each one we put back?",
        _doc("pickup-delivery-policy.pdf", pickup),
        _doc("price-list-2026.pdf", PRICE_ROWS),
    )
    assert "Grommet replacement each $5.00" in answer.split("Also,")[0]


def test_a_row_or_field_is_quoted_alone_and_beyond_that_brings_what_it_leans_on():
    """The next table row shares the question's words but is another answer; a form's field on its
    own line does not bring the field before it; "Beyond that" leans on the sentence before."""
    rows = (
        "Price List\nService: Cleaning - PVC mesh · Unit: per sq ft · Price: $1.75\n"
        "Service: Cleaning - polyester · Unit: per sq ft · Price: $1.70\n"
    )
    answer = _quoted("mesh windscreens, what do we charge per sq ft to clean them", _doc("price-list.pdf", rows))
    assert "$1.75" in answer and "$1.70" not in answer.split("Also,")[0]
    sheet = "Work Order Sheet WO-11199\nOrder total: $430.71\nTechnician: Kavya Patel Wash bay: Bay 3\n"
    answer = _quoted("who's the tech for WO-11199?", _doc("work-order-WO-11199.pdf", sheet))
    assert "> Technician: Kavya Patel" in answer and "$430.71" not in answer
    pickup = (
        "Pickup and Delivery Policy\nPickup and delivery are free within 20 miles of the shop. "
        "Beyond that we charge $2.25 per mile, one way.\n"
    )
    assert "free within 20 miles" in _quoted(
        "What's the per-mile charge once we're past the free area?", _doc("pickup-delivery-policy.pdf", pickup)
    )


def test_a_thing_the_question_rules_out_does_not_pick_the_document():
    """ "Regular wash, no mildew": the mildew guide's dwell time is not the one asked for, not even
    as a close second."""
    guide = (
        "Mildew Treatment Guide\n\nSunbrella and acrylic canvas\nMix 1 cup of household bleach and 1/4 cup of "
        "mild soap per gallon of clean water. Spray the affected area,\nlet it dwell for 15 minutes, scrub gently "
        "and rinse completely.\n"
    )
    sop = (
        "Standard Operating Procedure: Fabric Cleaning\n\n3. Washing\n- Mix 1/4 cup of pH-neutral fabric cleaner "
        "per gallon of water.\n- Apply the solution and let it dwell for 10 minutes; never let it dry on the "
        "fabric.\n"
    )
    question = "after the cleaning solution goes on (regular wash, no mildew) how long do we leave it before scrubbing"
    answer = _quoted(question, _doc("mildew-treatment-guide.pdf", guide), _doc("cleaning-procedure-sop.pdf", sop))
    assert "10 minutes" in answer and "15 minutes" not in answer
    assert "mildew" not in asked_terms(question) and "stitch" not in asked_terms("tore, not our stitching - who pays?")


def test_which_thing_wants_the_thing_named_and_top_wants_a_number():
    sop = (
        "Appendix A: wash bay checklist\n- Bay 1 to 3: canvas and polyester. Bay 4: vinyl and clear vinyl only.\n"
        "- Squeegee the bay floor at the end of each day.\n"
    )
    answer = _quoted("Which wash bay is reserved for the vinyl stuff?", _doc("cleaning-procedure-sop.pdf", sop))
    assert "Bay 4: vinyl" in answer.split("Also,")[0] and "Appendix" not in answer.split("Also,")[0]
    care = "Customer Fabric Care Guide\nNever use a pressure washer or a clothes dryer on outdoor fabric.\n"
    rinse = "Rinsing\nNever exceed 500 PSI when rinsing fabric; keep the nozzle at least 18 inches away.\n"
    answer = _quoted(
        "what's the top pressure we're allowed to rinse fabric at?",
        _doc("fabric-care-guide.pdf", care),
        _doc("cleaning-procedure-sop.pdf", rinse),
    )
    assert "500 PSI" in answer.split("Also,")[0]


def test_a_size_picks_the_price_tier_that_holds_it():
    tiers = (
        "Price List\n\nMarket umbrella cleaning, up to 9 ft each $55.00\n\n"
        "Market umbrella cleaning, up to 11 ft each $70.00\n\nMarket umbrella cleaning, over 11 ft each $95.00\n"
    )
    for question, price in (
        ("Restaurant has an 8 foot patio umbrella they want cleaned - how much?", "$55.00"),
        ("what would we charge to wash a 10-ft market umbrella", "$70.00"),
        ("Hotel has some huge 13 foot pool umbrellas. Cleaning price each?", "$95.00"),
        ("For a really big market umbrella, over 11 feet, what do we charge to clean it?", "$95.00"),
        ("a small one, under 9 ft - cleaning price?", "$55.00"),
    ):
        assert price in _quoted(question, _doc("price-list-2026.pdf", tiers)).split("Also,")[0], question


def test_a_figure_asked_must_be_stated():
    """ "How many days" is stated by a number of days ("net 30" counts), not by "12 months"; "how hot"
    by degrees; a count of things ("how many times") by any number; a question for no figure always."""
    assert not states_figure_asked("how many days do they have to tell us?", [WARRANTY])
    assert states_figure_asked("how many days do they have to tell us?", [STORAGE])
    assert states_figure_asked("payment terms - how many days?", ["Commercial accounts are invoiced net 30."])
    assert not states_figure_asked("how hot can the wash water be?", [PRICES])
    assert states_figure_asked("how many times a year should it be cleaned?", [TIPS])
    assert states_figure_asked("who handles the warranty claims?", [WARRANTY])


def test_a_document_states_an_answer_in_words_of_the_same_meaning():
    """ "Hourly rate for stitching" is stated by "Restitching / sewing labor · per hour · $85.00"
    ("hourly" ~ "hour", "stitching" ~ "restitching"); a row sharing one word is not."""
    row = "Service: Restitching / sewing labor · Unit: per hour · Price: $85.00\n"
    assert states_answer("hourly rate for stitching work?", row)
    assert not states_answer("hourly rate for painting work?", row)


def test_the_share_of_telling_words_a_document_holds_counts_words_of_the_same_meaning():
    """ "Holding period" is the storage policy's "storage": the relevance gate's coverage counts it."""
    storage = _doc(
        "storage-payment-policy.pdf",
        "Storage\nFinished items are stored free for 30 days. After that, storage is $15.00 per week.\n",
    )
    question = "what's the weekly fee once the free holding period runs out"
    assert coverage(question, [storage]) >= 0.5
    assert coverage("what's the weekly fee once the free parking period runs out", [storage]) < 0.5


def test_each_thing_a_question_asks_is_quoted():
    sheet = "Work Order Sheet WO-13531\nCustomer: Royal Palm Yacht Club\nTechnician: Dwayne Pittman\nWash bay: Bay 4\n"
    answer = _quoted(
        "On the paperwork for the Royal Palm order, which tech is listed and which bay did it go through?",
        _doc("work-order-WO-13531.pdf", sheet),
    )
    assert "Dwayne Pittman" in answer and "Bay 4" in answer and "Yacht Club" not in answer, answer
    assert asked_parts("What's the fee, and how many free days?") == ["What's the fee", "how many free days?"]
    assert asked_parts("What's the rush fee on WO-13531?") == ["What's the rush fee on WO-13531?"]
    assert asked_parts("who's the tech, and which corner has the old patch that's lifting?") == [
        "who's the tech",
        "which corner has the old patch that's lifting?",
    ]  # "that" relates the patch; it points back at nothing the first part named
    assert asked_parts("What do we charge to put in a new zipper, and how long do we stand behind that work?") == [
        "What do we charge to put in a new zipper",
        "how long do we stand behind that work? (charge zipper)",
    ]  # "that work" is the zipper's
    sop = (
        "Standard Operating Procedure: Fabric Cleaning\n3. Mix 1/4 cup of mild soap per gallon of water. Water "
        "temperature must not exceed 95 degrees F.\n5. Rinse thoroughly. Never exceed 500 PSI when rinsing fabric.\n"
    )
    care = "Customer Fabric Care Guide\nWe recommend a professional cleaning every 6 months, or sooner near the sea.\n"
    answer = _quoted(
        "whats the most hot the wash water can be, and the max pressure for rinse?",
        _doc("fabric-care-guide.pdf", care),
        _doc("cleaning-procedure-sop.pdf", sop),
    )
    assert "95 degrees" in answer and "500 PSI" in answer and "6 months" not in answer, answer
    warranty = "Warranty Policy\nRestitching: 18 months. Zipper replacements are warranted for 6 months.\n"
    prices = "Price List\nZipper replacement, installed (YKK #10) each $42.00\nGrommet replacement each $5.00\n"
    answer = _quoted(
        "How long is the warranty on a zipper we replace, and what do we charge to replace one?",
        _doc("warranty-policy.pdf", warranty),
        _doc("price-list-2026.pdf", prices),
    )
    assert "6 months" in answer and "$42.00" in answer and "Grommet" not in answer, answer


def test_a_policys_rate_is_worked_out_on_the_amount_the_question_gives():
    rush = _doc(
        "rush-order-policy.pdf", "Rush orders\nA rush fee of 30% of the order total is added to every rush order.\n"
    )
    assert "30% of $300.00 is **$90.00**" in _quoted("a $300 job gets rushed. What's the rush fee on that?", rush)
    assert "Worked out" not in _quoted("What's the rush fee?", rush)
    assert "30% of $400.00 is **$120.00**" in _quoted("their $400 order rushed, how much gets added?", rush)
    capped = "A rush fee of 30% of the order total, at most $150, is added."
    assert applied_percentage("a $900 job gets rushed: the fee?", capped) is None  # a cap changes the sum


def test_a_policys_rate_is_worked_out_on_the_total_of_the_order_the_question_names():
    deposit = "Repair orders need a 50% deposit when the quote is approved."
    order = OrderRow(kind=RecordType.repair_order, order_no="RO-2297", total=157.42)
    worked = applied_percentage("RO-2297 just got approved - how much deposit do we take on it?", deposit, order)
    assert worked == "Worked out: 50% of RO-2297's total, $157.42, is **$78.71**."
    assert applied_percentage("how much deposit on RO-2297?", deposit) is None  # no order read: nothing worked out
    # an amount the question gives wins over the order's total
    assert "$300.00 is **$150.00**" in (applied_percentage("RO-2297 at $300: the deposit?", deposit, order) or "")


def test_a_policys_turnaround_or_notice_gives_a_weekday_from_the_one_the_question_names():
    rush = "Rush orders are completed within 2 business days of drop-off."
    asked = "A rush job gets dropped off on a Friday. By what weekday does the policy say it has to be done?"
    assert worked_day(asked, rush, rush) == "Worked out: 2 business days from a Friday is **Tuesday**."
    assert "**Monday**" in (worked_day("dropped off Thursday, which day is it done?", rush, rush) or "")
    page = "Our truck runs pickups on Monday and Wednesday. Please schedule at least 72 hours in advance."
    quoted = "Our truck runs pickups on Monday and Wednesday."
    calls = "If a customer calls Thursday morning asking for a pickup, what's the soonest day our truck could come?"
    assert "first from then is **Monday**" in (worked_day(calls, quoted, page) or "")
    assert "**Wednesday**" in (worked_day("called on a Sunday: the earliest pickup day?", quoted, page) or "")
    assert worked_day("When do we do pickups?", quoted, page) is None  # no weekday to count from
    assert worked_day("Friday or Monday drop-off: which day is it done?", rush, rush) is None  # two days named
    two = "Rush orders take 2 business days; standard orders take 10 business days."
    assert worked_day("dropped off Friday, which day is it done?", "Orders are done on time.", two) is None


def test_what_kind_of_thing_is_asked_about_is_the_thing():
    assert focus_of("Before I start: what kind of gloves, and what cleaner?") == focus_of("which gloves?")
    guide = (
        "Mildew Treatment Guide\nSafety\n- Wear nitrile gloves and eye protection.\n- Work in a ventilated bay.\n"
        "- Never mix bleach with ammonia-based cleaners.\n"
    )
    sop = "Cleaning Procedure SOP\nFor mildew, follow the Mildew Treatment Guide before the final rinse.\n"
    answer = _quoted(
        "Before I start a mildew job: what kind of gloves, and what cleaner must never be mixed with the bleach?",
        _doc("cleaning-procedure-sop.pdf", sop),
        _doc("mildew-treatment-guide.pdf", guide),
    )
    assert "nitrile" in answer and "ammonia" in answer, answer


def test_a_line_the_question_says_whole_answers_nothing_but_one_in_another_script_is_news():
    assert echoes("What date is on the two-column Lorem Ipsum document?", "Two-Column Document with Lorem Ipsum")
    assert not echoes("Which Arabic word is printed next to habibi?", "habibi حَبيبي")
    assert not echoes("What date is on the Lorem Ipsum document?", "January 3, 2024")


def test_a_document_named_in_the_question_alone_answers_it():
    habibi, blind = _doc("habibi-rotated.pdf", "حَبيبي habibi حَبيبي"), _doc("pdflatex-4-pages.pdf", BLIND_TEXT)
    answer = _quoted("Which Arabic word is printed next to habibi in the habibi document?", blind, habibi)
    assert "حَبيبي" in answer and "blind text" not in answer, answer
    policies = [_doc("warranty-policy.pdf", "x"), _doc("rush-order-policy.pdf", "y")]
    assert named_documents("what's the rush fee policy?", policies) == policies[1:]
    assert named_documents("what's our restitching warranty?", policies) == policies  # no document pointed at


BLIND_TEXT = (
    "A blind text like this gives you information about the selected font, how the letters are written and an "
    "impression of the look. This text should contain all letters of the alphabet and it should be written in of "
    "the original language."
)


def test_a_sentence_going_on_from_the_one_before_is_quoted_with_it():
    sheet = "Work Order Sheet WO-11181\nIntake notes: customer asked for water repellent;\nre-treat after drying.\n"
    answer = _quoted(
        "bonnie novak sheet - what needs re-treating after it dries?", _doc("work-order-WO-11181.pdf", sheet)
    )
    assert "water repellent" in answer, answer


def test_a_line_that_only_repeats_the_question_is_never_the_first_quote():
    page = (
        "Two-Column Document with Lorem Ipsum\n\nYour Name\n\nJanuary 3, 2024\n\nAbstract\nThis is a sample document.\n"
    )
    answer = _quoted("What date is on the two-column Lorem Ipsum document?", _doc("multicolumn.pdf", page))
    assert "> January 3, 2024" in answer.split("Also,")[0] and "Lorem Ipsum\n" not in answer, answer


def test_a_list_item_is_quoted_with_its_heading():
    """ "- animal damage" says nothing without the "Not covered" it sits under; a dog is an animal."""
    policy = (
        "Warranty Policy\nRestitching and seam repairs are warranted for 18 months.\nNot covered\n"
        "-  Storm and hurricane damage.\n-  Normal wear, UV degradation, and animal damage.\n"
    )
    answer = _quoted(
        "The customer's dog chewed through the awning we restitched. Does our warranty cover it?",
        _doc("warranty-policy.pdf", policy),
    )
    assert "> Not covered: Normal wear, UV degradation, and animal damage." in answer, answer


def test_a_month_asked_picks_the_span_of_months_that_holds_it():
    rush = (
        "Rush Order Policy\nRush orders are completed within 2 business days of drop-off.\nThe minimum order charge "
        "still applies.\nRush capacity is limited; the shop manager may decline rush orders during peak season "
        "(March to May).\n"
    )
    answer = _quoted(
        "A customer wants a rush job in April. Can we always take it?", _doc("rush-order-policy.pdf", rush)
    )
    assert "> Rush capacity" in answer.split("Also,")[0], answer


def test_a_sentence_without_the_kind_of_answer_asked_loses_to_one_with_it_however_alike():
    """ "What date is on ...?": the abstract sits closest in meaning, the date line holds the date."""
    page = (
        "Two-Column Document with Lorem Ipsum\n\nYour Name\n\nJanuary 3, 2024\n\nAbstract\n"
        "This is a sample document with two columns filled with Lorem Ipsum text.\n"
    )

    def alike(question: str, texts: list[str]) -> list[float]:  # as the embedding model ranked them
        return [0.6 if "Lorem" in t else 0.1 for t in texts]

    composer = Composer(similarity=alike)
    plan = QueryPlan(intent=Intent.search, documents_only=True)
    answer = composer.compose(
        "What date is on the two-column Lorem Ipsum document?", plan, None, [_doc("multicolumn.pdf", page)]
    )
    assert "> January 3, 2024" in answer.split("Also,")[0], answer


def test_an_extra_step_is_no_extra_charge():
    sheet = (
        "Work Order Sheet WO-11199\n- 2 x Cushion covers - Marine Vinyl, $9.11 each\nOrder total: $430.71\n"
        "Pre-inspection notes: Salt crust on the underside; extra rinse cycle needed.\n"
    )
    answer = _quoted(
        "According to the sheet for WO-11199, what extra step did the pre-inspection call for?",
        _doc("work-order-WO-11199.pdf", sheet),
    )
    assert "extra rinse cycle" in answer.split("Also,")[0], answer


SOP_STEPS = (
    "Standard Operating Procedure: Fabric Cleaning\n1. Intake and inspection\n-  Photograph both sides.\n"
    "2. Dry brushing\nBrush off loose dirt while the fabric is dry, with a soft-bristle brush.\n3. Washing\n"
    "-  Mix 1/4 cup of pH-neutral fabric cleaner per gallon of water.\n-  Never let it dry on the fabric; scrub with "
    "the soft brush.\n4. Rinsing\nRinse until no suds remain.\n"
)


def test_the_step_after_or_before_the_one_named_is_quoted_not_the_one_named():
    """The sentence closest to "the step right after dry brushing" is dry brushing's own: the next step answers."""
    sop = _doc("cleaning-procedure-sop.pdf", SOP_STEPS)
    answer = _quoted("In the cleaning SOP, what's the step right after dry brushing?", sop)
    assert "> 3. Washing: Mix 1/4 cup of pH-neutral" in answer and "Brush off" not in answer, answer
    assert "> 3. Washing" in _quoted("what do we do before rinsing?", sop)
    assert "> 4. Rinsing: Rinse until no suds remain." in _quoted("what's the last step of the cleaning SOP?", sop)
    assert "> 1. Intake" in _quoted("what's the first step when cleaning?", sop)


def test_what_is_not_covered_is_asked_of_the_not_covered_list():
    policy = (
        "Warranty Policy\nNew fabrication carries a 3-year workmanship warranty.\nRestitching is warranted for 18 "
        "months.\nNot covered\n-  Storm and hurricane damage.\n-  Normal wear and animal damage.\n"
    )
    answer = _quoted("What doesn't our warranty cover?", _doc("warranty-policy.pdf", policy))
    assert "> Not covered: " in answer.split("Also,")[0] and "3-year" not in answer, answer
    assert "> Not covered\n" not in answer + "\n", answer  # the heading alone says nothing
    for negated in (
        "What doesn't our warranty cover?",
        "what isn't covered by the policy",
        "is it not covered",
    ):
        assert NEGATED_ASK.search(negated), negated


def test_a_clause_going_on_after_a_semicolon_on_the_next_line_is_quoted_with_it():
    sheet = (
        "Work Order Sheet WO-11181\nPre-inspection notes: Frame tags still attached; customer asked to keep them. "
        "Water repellent finish gone;\nre-treat after drying.\nSpecial instructions: none\n"
    )
    answer = _quoted(
        "On Bonnie Novak's work order sheet, what did pre-inspection say about the water repellent?",
        _doc("work-order-WO-11181.pdf", sheet),
    )
    assert "finish gone; re-treat after drying." in answer, answer


def test_a_yes_no_second_part_and_a_short_one_are_asked_apart():
    assert asked_parts("How many rush orders a day, and does heavy mildew change the rush timeline?") == [
        "How many rush orders a day",
        "does heavy mildew change the rush timeline?",
    ]
    first, second = asked_parts("We told them 35 days ago. Are we charging storage yet, and how much?")
    assert second == "how much? (charging storage)", second


def test_days_gone_by_pick_the_rule_whose_count_of_days_was_passed_last():
    policy = (
        "Storage\nFinished items are stored free for 21 days after the customer is notified. After that a storage "
        "fee of $20.00 per week applies. Items not collected within 90 days are considered abandoned.\n"
    )
    doc = _doc("storage-payment-policy.pdf", policy)
    answer = _quoted("We called a customer about 100 days ago and they never came. What does our policy say?", doc)
    assert "> Items not collected within 90 days are considered abandoned." in answer.split("Also,")[0], answer
    answer = _quoted("Their cover has been sitting here for 30 days since we told them. What does the policy say?", doc)
    assert "21 days" in answer.split("Also,")[0], answer


def test_an_exclusion_of_the_very_thing_asked_about_decides_whether_it_is_covered():
    policy = (
        "Warranty Policy\nNew fabrication (new awnings, covers and valances we sew) carries a 2-year workmanship "
        "warranty.\nClaims and exclusions: Storm, wind, fire and vandalism are not covered.\n"
    )
    answer = _quoted(
        "A storm ripped the new awning we sewed for a customer last year. Does our warranty cover that?",
        _doc("warranty-policy.pdf", policy),
    )
    assert "Storm, wind, fire and vandalism are not covered." in answer.split("Also,")[0], answer
    # the thing asked about in another word of the same meaning, and coverage asked as "on us"
    seams = "Repairs\nRestitching and seam repairs are warranted for 12 months from the date the item is returned.\n"
    answer = _quoted(
        "A big gust tore open a seam we repaired last month. Is that on us under the warranty?",
        _doc("warranty-policy.pdf", seams + policy),
    )
    assert "Storm, wind, fire and vandalism are not covered." in answer, answer


def test_an_exclusion_decides_only_what_it_rules_out_and_a_cover_is_no_coverage_asked():
    """A clause under "Claims and exclusions" that shares only "days" or "work" with the question rules nothing out
    of it, and "their cover" is the thing a customer left, not coverage asked about."""
    warranty = _doc(
        "warranty-policy.pdf",
        "Repairs\nZipper replacements are warranted for 3 months.\nClaims and exclusions\n"
        "- Report a warranty problem within 10 days of noticing it and quote the work order number.\n"
        "- Storm, wind, fire and vandalism are not covered.\n",
    )
    answer = _quoted("The zipper broke this week. How long is zipper work warranted for?", warranty)
    assert "3 months" in answer.split("Also,")[0], answer
    report = "Claims and exclusions - Report a warranty problem within 10 days of noticing it."
    question = "We called a customer 100 days ago and they never came for their cover. What does our policy say?"
    assert ruled_out_scores(question, [report]) == [0.0]
    storage = _doc(
        "storage-payment-policy.pdf", "Storage\nItems not collected within 90 days are considered abandoned.\n"
    )
    assert "abandoned" in _quoted(question, storage, warranty).split("Also,")[0]  # "never came" negates no ask


def test_payment_methods_ask_no_sum_of_money():
    assert asked_type("what payment methods does our policy list?") is None
    assert asked_type("what's the payment due at pickup?") is not None


def test_a_heading_alone_is_never_the_answer():
    doc = _doc("warranty-policy.pdf", "Warranty Policy\nRepairs\nZipper replacements are warranted for 3 months.\n")
    answer = _quoted("What about repairs?", doc)
    assert "> Repairs\n" not in answer and "3 months" in answer, answer


def _detail(order: OrderRow, *fields: str) -> str:
    plan = QueryPlan(intent=Intent.order_detail, order_ids=[order.order_no], order_fields=list(fields))
    result = StructuredResult(
        intent=Intent.order_detail, plan=plan, facts={"today": "2026-11-24"}, orders=[OrderDetail(order, "Gulf Cafe")]
    )
    return Composer().compose("", plan, result, [])


def test_days_asked_of_an_order_are_counted_from_today():
    late = OrderRow(kind=RecordType.work_order, order_no="WO-11104", date_in="2026-10-05", date_required="2026-10-07")
    assert "WO-11104 is **48 days** late" in _detail(late, "days_late")
    assert "**30 days** ago" in _detail(replace(late, date_in="2026-10-25"), "days_in")
    ahead = replace(late, date_required="2026-12-14")
    assert "**20 days** from today, so it is not late" in _detail(ahead, "days_left")
    assert "**20 days** from today" in _detail(ahead, "days_late")  # not late: how long is left instead
    done = replace(late, date_completed="2026-10-25", status="completed")
    assert "finished: it was completed on **2026-10-25**" in _detail(done, "days_late")
    assert "**20 days** before it was completed" in _detail(done, "days_in")


def test_an_orders_pieces_are_counted_beside_its_lines_and_its_territory_is_said():
    order = OrderRow(
        kind=RecordType.work_order,
        order_no="WO-11146",
        territory="Inland",
        lines=(OrderLine(description="Boat cover", qty=1), OrderLine(description="Valance", qty=3)),
    )
    answer = _detail(order, "items", "territory")
    assert "- Items (2 lines, 4 pieces):" in answer and "customer is in the **Inland** territory" in answer


def test_a_duration_is_said_in_the_unit_asked_when_it_converts_exactly():
    assert converted("In days, how long do covers dry?", "Covers dry for 48 hours.") == (
        "Worked out: 48 hours is **2 days**."
    )
    assert "**1.5 years**" in (converted("In years, the seam warranty?", "Seams are warranted for 18 months.") or "")
    assert "**36 months**" in (converted("How many months is it?", "It carries a three-year warranty.") or "")
    assert converted("In weeks, how long?", "Claims within 10 days.") is None  # 10/7 weeks: no rounded figure
    assert converted("How many days do covers dry?", "Covers dry for 2 days.") is None  # already in the unit
    assert converted("How many months?", "Seams 18 months; zippers 6 months.") is None  # which one is not clear
    # "a three-year warranty" holds what "how many months" asks as much as "18 months" does
    warranty = _doc(
        "warranty-policy.pdf",
        "Warranty Policy\nRestitching and seam repairs are warranted for 18 months.\n"
        "New fabrication (new awnings sewn in our shop) carries a 3-year workmanship warranty.\n",
    )
    answer = _quoted(
        "A brand-new awning we sewed ourselves - how many months does the workmanship warranty run?", warranty
    )
    assert "3-year" in answer and "**36 months**" in answer, answer


def test_several_colours_of_stock_are_totalled_by_colour():
    rows = [
        StockRow("INV-1", "Vinyl 46 in - Black", "Marine Vinyl", "Black", "New", 40, "yd"),
        StockRow("INV-2", "Vinyl 54 in - Black", "Marine Vinyl", "Black", "Remnant", 2.5, "yd"),
        StockRow("INV-3", "Vinyl 54 in - Navy", "Marine Vinyl", "Navy", "New", 30, "yd"),
    ]
    plan = QueryPlan(intent=Intent.inventory, material="Marine Vinyl")
    result = StructuredResult(
        intent=Intent.inventory,
        plan=plan,
        facts={"totals": {"yd": 72.5}},
        stock=rows,
        table=DataTable(columns=["Item"], rows=[[r.inventory_key] for r in rows]),
    )
    answer = Composer().compose("", plan, result, [])
    assert "by colour, every width and condition together: Black **42.5 yd**, Navy **30 yd**" in answer, answer


def test_a_number_to_call_and_a_time_of_day_are_answered_in_their_kind():
    notice = _doc(
        "notice.pdf",
        "NOTICE\nThe Harbor Street shop will close at 3 pm on Friday, December 11 for inventory.\n"
        "Customers with pickups booked for that afternoon may collect them on Saturday.\n"
        "Questions about the closing? Call the front desk at 555-0142.\n",
    )
    assert "555-0142" in _quoted("Which number should I call with questions about the Harbor Street closing?", notice)
    assert "3 pm" in _quoted("At what time does the Harbor Street shop close on Friday?", notice)


def test_a_tables_caption_is_never_the_answer():
    page = _doc(
        "multicolumn.pdf",
        "Table 1: EU Countries Information\nCountry Population (millions) Area (km2) Capital\n"
        "Austria 8.9 83,879 Vienna\nFinland 5.5 338,424 Helsinki\n",
    )
    answer = _quoted("Which city does the EU countries table give as the capital of Finland?", page)
    assert "Helsinki" in answer and "Table 1" not in answer, answer


def test_a_repair_orders_labour_and_parts_are_summed_over_its_lines():
    order = OrderRow(
        kind=RecordType.repair_order,
        order_no="RO-2377",
        lines=(
            OrderLine(description="Zipper", qty=1, labor_hours=2.5, parts_cost=40.38),
            OrderLine(description="Restitch", qty=1, labor_hours=5.65, parts_cost=33.5),
        ),
    )
    assert "- Items (2; together 8.15 h labour and $73.88 parts):" in _detail(order, "items")


def test_every_status_but_one_is_said_as_the_one_left_out():
    every_but = ["received", "quoted", "approved", "in_repair", "ready", "completed"]
    plan = QueryPlan(intent=Intent.count_orders, order_kinds=["repair_order"], statuses=every_but)
    assert describe_filter(plan) == ("", "other than cancelled ones")
    some = plan.model_copy(update={"statuses": ["quoted", "approved"]})
    assert describe_filter(some)[1] == "quoted (waiting for approval) or approved"
