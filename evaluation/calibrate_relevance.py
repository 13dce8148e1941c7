"""How close a search's best hit is, for questions that have an answer and for ones that don't:
the figures ``Settings.*_match_similarity`` are set from (relevance.py uses them).

    python evaluation/calibrate_relevance.py [--data DIR] [--questions FILE ...] [--negatives FILE]

For each question: the intent, the best embedding similarity among documents and among
records, whether the best document passages share a telling word, and whether the gate with
the current settings lets it through. Positives are the document and semantic-lookup questions
of the question files; negatives (evaluation/relevance/negatives.txt) have no answer in the data.
Prints the separation and the errors of the current thresholds.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "common" / "python")]

from local.environment import TEMPLATE, in_process, set_environment  # noqa: E402
from local.running import DEV_DATA, EVAL, dataset_today  # noqa: E402

POSITIVE_KINDS = {"semantic_lookup", "document_qa"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEV_DATA)
    parser.add_argument("--questions", type=Path, nargs="+", default=[EVAL / "dev" / "questions.jsonl"])
    parser.add_argument("--negatives", type=Path, default=ROOT / "evaluation" / "relevance" / "negatives.txt")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        set_environment(
            in_process(
                Path(tmp) / "index.sqlite3",
                ROOT / ".local" / "embedding-cache.sqlite3",
                dataset_today(args.data.resolve()) or "2026-11-24",
            )
        )
        from moto import mock_aws

        from awning_assistant.answering.query_model import Intent
        from awning_assistant.answering.relevance import answering, coverage
        from awning_assistant.answering.text_terms import sentences
        from awning_assistant.factory import get_services
        from awning_assistant.identity.providers import principal_of
        from local import moto_index
        from local.infrastructure import create_resources
        from local.stack import import_folder

        moto_index.install()
        with mock_aws():
            services = get_services()
            create_resources(services.settings, services.client("dynamodb"), services.s3, TEMPLATE)
            import_folder(services, args.data, progress=False)
            services.indexer.rebuild()
            chat = services.chat
            admin = next(principal_of(u) for u in services.identity.users() if u.role == "admin")
            positives = [
                json.loads(line)["question"]
                for path in args.questions
                for line in path.open()
                if line.strip() and json.loads(line)["kind"] in POSITIVE_KINDS
            ]
            negatives = [line.strip() for line in args.negatives.open() if line.strip() and not line.startswith("#")]
            errors = 0
            for label, questions, want in (("answerable", positives, True), ("no answer", negatives, False)):
                print(f"== {label} ({len(questions)}) ==")
                for question in questions:
                    plan = services.planner.plan(question)
                    if plan.intent is not Intent.search:
                        print(f"  {'':>31} {plan.intent.value:>14}  {question}")
                        continue
                    found = chat._retriever.retrieve(plan, question, admin)
                    chunks = [h.chunk for h in found.hits]
                    docs = [c for c in chunks if c.record_type.value == "document"][:3]
                    passes = bool(
                        answering(
                            question,
                            plan.order_ids,
                            found.hits,
                            found.similarity,
                            chat._relevance,
                            chat._sentence_similarity,
                        )
                    )
                    errors += passes != want
                    best = found.similarity
                    sents = [x for d in docs for x in sentences(d.text)]
                    sent = max(services.similarity(question, sents)) if sents else 0.0
                    print(
                        f"  doc {best.get('document', 0):.2f} rec {best.get('record', 0):.2f} "
                        f"cover {coverage(question, docs):.2f} sent {sent:.2f} top "
                        f"{(chunks[0].record_type.value if chunks else '-'):>9} {'PASS' if passes else 'stop'}"
                        f"{'' if passes == want else ' <-- wrong'}  {question}"
                    )
            print(f"gate errors with the current thresholds: {errors}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
