"""A question that quotes a document's words or names a numbered part is answered from that place as written."""

from __future__ import annotations

from awning_assistant.answering.quoting import (
    labelled_answer,
    pointed_answer,
    pointed_words,
    quoted_answer,
    table_cell,
)

TEXT = """Lorem ipsum dolor. Quisque ullamcorper placerat ipsum. Cras nibh. Morbi vel justo vitae lacus tin-
cidunt ultrices.
Satz 4.6 (Strahlensatz) Seien a, b zwei Geraden.
Wie in Satz 4.7 gezeigt, siehe Abbildung 3.11.
Abbildung 3.6: Sternförmiges Gebiet
Einführung in die Topologie 0."""


def test_the_sentence_after_quoted_words_is_what_follows_them():
    asked = 'Which two words come right after "Quisque ullamcorper placerat ipsum."?'
    assert quoted_answer(asked, TEXT) == "Quisque ullamcorper placerat ipsum. Cras nibh."
    assert quoted_answer("What follows “Cras nibh. Morbi vel”?", TEXT) == (
        "Cras nibh. Morbi vel justo vitae lacus tincidunt ultrices."
    )


def test_the_sentence_before_and_the_sentence_around_quoted_words():
    assert quoted_answer("What comes before 'Quisque ullamcorper placerat ipsum'?", TEXT) == (
        "Lorem ipsum dolor. Quisque ullamcorper placerat ipsum"
    )
    # a word split at the line's end is one word again
    assert (
        quoted_answer('Where does it say "vel justo vitae"?', TEXT) == "Morbi vel justo vitae lacus tincidunt ultrices."
    )


def test_quotes_the_text_does_not_hold_or_a_bare_title_point_nowhere():
    assert quoted_answer('What comes after "Quisque ullamcorper placerat velit"?', TEXT) is None
    assert quoted_answer("Who wrote 'Einführung in die Topologie'?", TEXT) is None  # its sentence says no more
    assert quoted_answer('What does "ipsum" mean?', TEXT) is None  # one word is no quote of a place


def test_a_numbered_part_is_the_line_that_begins_it_in_any_of_its_names():
    assert labelled_answer("Welcher Satz ist Satz 4.6?", TEXT) == "Satz 4.6 (Strahlensatz) Seien a, b zwei Geraden."
    assert labelled_answer("What does figure 3.6 show?", TEXT) == "Abbildung 3.6: Sternförmiges Gebiet"
    assert labelled_answer("What is theorem 4.6 called?", TEXT) == "Satz 4.6 (Strahlensatz) Seien a, b zwei Geraden."
    # a mention is not the part itself, and 4.6 is not 4.61 or 4
    assert labelled_answer("What does figure 3.11 show?", TEXT) is None
    assert labelled_answer("What is Satz 4 about?", TEXT) is None
    assert labelled_answer("What is Satz 4.61 about?", TEXT) is None


def test_the_words_pointed_with_are_searched_alone():
    assert pointed_words('What does Abbildung 3.6 show, next to "the starred one here"?') == (
        "the starred one here Abbildung 3.6"
    )
    assert pointed_words("What's our restitching warranty?") == ""
    assert pointed_answer("What's our restitching warranty?", TEXT) is None


COUNTRIES = """Indonesia \U000f03d9 · Germany · Austria · France
Capital · Jakarta · Berlin · Vienna · Paris
Currency · Rupia · EUR (€)
Population · 273,879,750 · 83,190,556 · 8,935,112 · 67,413,000
1 2021 estimate"""


def test_a_tables_cell_is_named_by_its_row_and_its_column():
    assert (
        table_cell("What's the capital of Indonesia in the country table?", COUNTRIES) == "Indonesia — Capital: Jakarta"
    )
    assert table_cell("What population does it give for France?", COUNTRIES) == "France — Population: 67,413,000"
    # merged cells can't be told apart, a column alone names no cell, and a priced row names its own columns
    assert table_cell("Which currency does it list for Austria?", COUNTRIES) is None
    assert table_cell("What capitals does the table list?", COUNTRIES) is None
    priced = "\n".join(
        f"Service: {s} · Unit: each · Price: ${p}" for s, p in (("Zipper", 38), ("Grommet", 4), ("Snap", 2))
    )
    assert table_cell("What's the price of a zipper?", priced) is None
