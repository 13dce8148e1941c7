"""LocalEmbedder throughput on ~1,000 chunk-sized texts: batch sizes, with and without length sorting.

Run: .venv/bin/python bench/bench_embeddings.py [--texts 1000] [--rounds 3] [--batch-sizes 16 32 64]
Prints figures only. Throughput depends on the machine and its load (printed too); the
padded-token counts do not, and show how much work length sorting saves.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "common" / "python")]

from local.embedder import LocalEmbedder, _load_tokenizer  # noqa: E402

_OPENERS = [
    "Customer reports",
    "On inspection we found",
    "Crew noted",
    "Follow-up visit:",
    "Quote approved for",
]
_PROBLEMS = [
    "the retractable arm sticks half open after the storm",
    "mildew spreading along the valance seam",
    "a torn panel on the {fabric} canopy above the entrance",
    "the hand-painted seahorse logo peeling on the valance",
    "rust on the steel frame where the bracket meets the wall",
    "loose stitching on the hem and two missing grommets",
    "water pooling in the middle of the {fabric} awning",
    "faded stripes on the patio cover facing south",
]
_ACTIONS = [
    "Cleaned the {fabric} with a soft brush and pH-neutral soap, rinsed and let it dry in place.",
    "Restitched the seams with UV-resistant PTFE thread and re-applied water repellent.",
    "Replaced the crank rod and the gearbox, lubricated the lateral arms and tested full travel.",
    "Sanded and repainted the frame, replaced four corroded lag bolts with stainless steel.",
    "Patched the tear from the inside with matching {fabric} and heat-sealed the edges.",
    "Adjusted the pitch to two inches per foot so rain runs off toward the gutter.",
    "Removed the valance, re-lettered the logo by hand and re-hung it level.",
]
_CLOSERS = [
    "Customer asked for a quote on a matching window awning.",
    "Warranty covers the restitching for two years.",
    "Recommend a cleaning visit every spring.",
    "Invoice sent; payment due in 30 days.",
    "Next visit scheduled after the new fabric arrives.",
    "",
]
_FABRICS = ["Sunbrella acrylic", "vinyl-coated polyester", "striped canvas", "mesh", "PVC"]


def work_order_text(rng: random.Random) -> str:
    """A realistic 200-600 character work order description."""
    parts = [f"{rng.choice(_OPENERS)} {rng.choice(_PROBLEMS)}."]
    while len(" ".join(parts)) < rng.randint(180, 480):
        parts.append(rng.choice(_ACTIONS))
    parts.append(rng.choice(_CLOSERS))
    text = " ".join(p for p in parts if p).format(fabric=rng.choice(_FABRICS))
    return text[:600]


def padded_tokens(token_counts: list[int], order: list[int], batch_size: int) -> int:
    """Tokens the model actually runs: every text of a batch is padded to the batch's longest."""
    batches = (order[i : i + batch_size] for i in range(0, len(order), batch_size))
    return sum(len(batch) * max(token_counts[j] for j in batch) for batch in batches)


def best_rates(embedders: dict[bool, LocalEmbedder], texts: list[str], rounds: int) -> dict[bool, float]:
    """Chunks/s per variant, best of a few rounds, alternating variants so both see the same load."""
    best = dict.fromkeys(embedders, float("inf"))
    for _ in range(rounds):
        for sort, embedder in embedders.items():
            start = time.perf_counter()
            embedder.embed_documents(texts)
            best[sort] = min(best[sort], time.perf_counter() - start)
    return {sort: len(texts) / seconds for sort, seconds in best.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--texts", type=int, default=1_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=[16, 32, 64])
    args = parser.parse_args()
    rng = random.Random(7)
    texts = [work_order_text(rng) for _ in range(args.texts)]
    lengths = [len(text) for text in texts]
    print(
        f"{len(texts)} texts, {min(lengths)}-{max(lengths)} chars (median {statistics.median(lengths):.0f}); "
        f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}; best of {args.rounds} rounds"
    )
    tokenizer = _load_tokenizer(256)
    tokenizer.no_padding()
    tokens = [len(encoding.ids) for encoding in tokenizer.encode_batch(texts)]
    by_length = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    print(f"{sum(tokens)} real tokens ({min(tokens)}-{max(tokens)} per text)")
    LocalEmbedder().embed_documents(texts[:64])  # warm up onnxruntime
    print(f"{'batch':>5}  {'sorted':>10}  {'unsorted':>10}  speed-up  padded tokens sorted / unsorted", flush=True)
    for batch_size in args.batch_sizes:
        variants = {sort: LocalEmbedder(batch_size, sort_by_length=sort) for sort in (True, False)}
        rates = best_rates(variants, texts, args.rounds)
        padded = (
            padded_tokens(tokens, by_length, batch_size),
            padded_tokens(tokens, list(range(len(texts))), batch_size),
        )
        print(
            f"{batch_size:>5}  {rates[True]:>6.0f} /s  {rates[False]:>6.0f} /s  {rates[True] / rates[False]:>7.2f}x"
            f"  {padded[0]:>7} / {padded[1]:>7} ({padded[1] / padded[0]:.2f}x fewer sorted)",
            flush=True,
        )
    print(f"load at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
