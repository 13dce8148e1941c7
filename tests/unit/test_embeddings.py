"""Embedders: Titan V2 over a real botocore client (Stubber), and the local MiniLM model for real."""

from __future__ import annotations

import io
import json
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import boto3
import numpy as np
import pytest
from botocore.exceptions import ClientError
from botocore.response import StreamingBody
from botocore.stub import Stubber

from awning_assistant.generation.usage import Usage, counting_embeddings, estimate_cost
from awning_assistant.indexing.embeddings import TITAN_MAX_CHARS, BedrockEmbedder, bedrock_runtime_config
from local.embedder import LocalEmbedder

MODEL_ID = "amazon.titan-embed-text-v2:0"
DIMS = 256


# --------------------------------------------------------------------------- Bedrock


@pytest.fixture
def bedrock() -> Any:
    """A real ``bedrock-runtime`` client (fake credentials) that records what it was asked."""
    client = boto3.client(
        "bedrock-runtime",
        region_name="us-east-1",
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="secret",
        config=bedrock_runtime_config(),
    )
    client.requests = []
    client.meta.events.register(
        "provide-client-params.bedrock-runtime.InvokeModel",
        lambda params, **_: client.requests.append(params),
    )
    with Stubber(client) as stubber:
        client.stubber = stubber
        yield client
        stubber.assert_no_pending_responses()


def titan_response(vector: list[float]) -> dict[str, Any]:
    payload = json.dumps({"embedding": vector, "inputTextTokenCount": 3}).encode()
    return {"body": StreamingBody(io.BytesIO(payload), len(payload)), "contentType": "application/json"}


def one_hot(position: int, scale: float = 1.0) -> list[float]:
    vector = [0.0] * DIMS
    vector[position] = scale
    return vector


def embedder(client: Any, sleeps: list[float] | None = None, **kwargs: Any) -> BedrockEmbedder:
    recorded = sleeps if sleeps is not None else []
    return BedrockEmbedder(client, MODEL_ID, DIMS, sleep=recorded.append, **kwargs)


def test_request_body_has_input_text_dimensions_and_normalize(bedrock: Any) -> None:
    bedrock.stubber.add_response("invoke_model", titan_response(one_hot(3)))

    vector = embedder(bedrock).embed_query("torn valance on the bakery awning")

    (params,) = bedrock.requests
    assert params["modelId"] == MODEL_ID
    assert params["contentType"] == params["accept"] == "application/json"
    assert json.loads(params["body"]) == {
        "inputText": "torn valance on the bakery awning",
        "dimensions": DIMS,
        "normalize": True,
    }
    assert vector == one_hot(3)


def test_throttling_is_retried_with_backoff_then_succeeds(bedrock: Any) -> None:
    bedrock.stubber.add_client_error("invoke_model", "ThrottlingException", "Too many requests", 429)
    bedrock.stubber.add_client_error("invoke_model", "ModelNotReadyException", "warming up", 429)
    bedrock.stubber.add_response("invoke_model", titan_response(one_hot(0)))
    sleeps: list[float] = []

    assert embedder(bedrock, sleeps).embed_query("canopy") == one_hot(0)

    assert len(bedrock.requests) == 3
    assert len(sleeps) == 2
    assert 0 <= sleeps[0] <= 0.5 and 0 <= sleeps[1] <= 1.0  # full jitter under an exponential cap


def test_throttling_gives_up_after_max_attempts(bedrock: Any) -> None:
    for _ in range(3):
        bedrock.stubber.add_client_error("invoke_model", "ThrottlingException", "slow down", 429)

    with pytest.raises(ClientError, match="ThrottlingException"):
        embedder(bedrock, max_attempts=3).embed_query("canopy")


def test_other_errors_are_not_retried(bedrock: Any) -> None:
    bedrock.stubber.add_client_error("invoke_model", "AccessDeniedException", "no model access", 403)
    sleeps: list[float] = []

    with pytest.raises(ClientError, match="AccessDenied"):
        embedder(bedrock, sleeps).embed_query("canopy")
    assert sleeps == []


def test_token_limit_halves_the_text_and_tries_again(bedrock: Any) -> None:
    message = "Too many input tokens. Max input tokens: 8192, request input token count: 9100"
    bedrock.stubber.add_client_error("invoke_model", "ValidationException", message, 400)
    bedrock.stubber.add_response("invoke_model", titan_response(one_hot(1)))
    text = "1234567890" * 4_000

    assert embedder(bedrock).embed_query(text) == one_hot(1)

    first, second = (json.loads(p["body"])["inputText"] for p in bedrock.requests)
    assert first == text and second == text[: len(text) // 2]


def test_token_limit_that_never_clears_raises_the_service_error(bedrock: Any) -> None:
    for _ in range(2):
        bedrock.stubber.add_client_error("invoke_model", "ValidationException", "Too many input tokens", 400)

    with pytest.raises(ClientError, match="Too many input tokens"):
        embedder(bedrock, max_attempts=2).embed_query("9" * 20_000)


def test_several_texts_keep_their_order_and_skip_blank_ones(bedrock: Any) -> None:
    for position in (0, 1, 2):
        bedrock.stubber.add_response("invoke_model", titan_response(one_hot(position, scale=2.0)))
    texts = ["stitching", "", "frame repaint", "   ", "vinyl"]

    vectors = embedder(bedrock, max_workers=1).embed_documents(texts)

    sent = [json.loads(p["body"])["inputText"] for p in bedrock.requests]
    assert sent == ["stitching", "frame repaint", "vinyl"]  # Titan rejects empty input
    assert vectors == [one_hot(0), [0.0] * DIMS, one_hot(1), [0.0] * DIMS, one_hot(2)]  # re-normalised


def test_very_long_text_is_cut_to_titans_character_limit(bedrock: Any) -> None:
    bedrock.stubber.add_response("invoke_model", titan_response(one_hot(0)))

    embedder(bedrock).embed_query("a" * (TITAN_MAX_CHARS + 10))

    assert len(json.loads(bedrock.requests[0]["body"])["inputText"]) == TITAN_MAX_CHARS


def test_parallel_batch_preserves_order() -> None:
    """With a real thread pool calls finish out of order; results must not."""

    class ShuffledTitan:
        def __init__(self) -> None:
            self.threads: set[int] = set()

        def invoke_model(self, **params: Any) -> dict[str, Any]:
            self.threads.add(threading.get_ident())
            time.sleep(random.uniform(0, 0.02))
            position = int(json.loads(params["body"])["inputText"].split()[-1])
            return titan_response(one_hot(position))

    titan = ShuffledTitan()
    texts = [f"work order {i}" for i in range(40)]

    vectors = BedrockEmbedder(titan, MODEL_ID, DIMS, max_workers=8).embed_documents(texts)

    assert vectors == [one_hot(i) for i in range(40)]
    assert len(titan.threads) > 1


def test_a_turns_embeddings_are_counted_and_priced_from_every_thread_and_nothing_outside_a_turn() -> None:
    """Titan reports each call's tokens (3 here): a batch's calls, made on pool threads, all count to the open
    tally at Titan's price; a call outside any tally (indexing) is charged to no one."""

    class Titan:
        def invoke_model(self, **params: Any) -> dict[str, Any]:
            return titan_response(one_hot(int(json.loads(params["body"])["inputText"].split()[-1])))

    titan = BedrockEmbedder(Titan(), MODEL_ID, DIMS, max_workers=8)
    titan.embed_query("indexed 0")
    with counting_embeddings() as turn:
        titan.embed_documents([f"sentence {i}" for i in range(40)])
        titan.embed_query("question 1")
    titan.embed_query("indexed 1")
    assert turn.tokens == 41 * 3
    charged = turn.charged_to(Usage(input_tokens=900, output_tokens=60, cost_usd=0.5, provider="bedrock"))
    assert charged.embedding_tokens == 123 and charged.provider == "bedrock"
    assert charged.cost_usd == round(0.5 + estimate_cost(MODEL_ID, 123), 6) > 0.5


def test_dimensions_must_be_a_titan_v2_size() -> None:
    with pytest.raises(ValueError, match="256, 512, 1024"):
        BedrockEmbedder(object(), MODEL_ID, 384)


def test_client_config_uses_botocore_adaptive_retries() -> None:
    config = bedrock_runtime_config(max_workers=16)
    assert config.retries == {"mode": "adaptive", "max_attempts": 6}
    assert config.max_pool_connections == 16


# --------------------------------------------------------------------------- local


@pytest.fixture(scope="module")
def local() -> LocalEmbedder:
    return LocalEmbedder(batch_size=4)


def cosine(a: list[float], b: list[float]) -> float:
    return float(np.dot(a, b))


def test_local_vectors_have_384_unit_dimensions(local: LocalEmbedder) -> None:
    vectors = np.array(local.embed_documents(["Sunbrella canopy cleaning", "rust on the frame"]))

    assert local.dimensions == 384
    assert vectors.shape == (2, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_local_similar_sentences_are_closer_than_unrelated_ones(local: LocalEmbedder) -> None:
    painted, paraphrase, warranty = local.embed_documents(
        [
            "hand-painted seahorse valance",
            "valance with a seahorse logo painted on by hand",
            "restitching warranty",
        ]
    )

    assert cosine(painted, paraphrase) > cosine(painted, warranty) + 0.3
    assert cosine(painted, paraphrase) > cosine(paraphrase, warranty) + 0.3


def test_local_batch_sorted_and_single_give_the_same_vectors(local: LocalEmbedder) -> None:
    texts = [
        "Clean and re-waterproof the striped canvas awning over the cafe patio.",
        "seam",
        "Customer reports the retractable arm is stuck half open after the storm; "
        "inspect the gearbox, replace the crank rod and check the fabric for tears.",
        "",
        "valance",
        "Replace two broken lateral arms.",
    ]

    batched = np.array(local.embed_documents(texts))
    single = np.array([local.embed_query(text) for text in texts])
    unsorted = np.array(LocalEmbedder(batch_size=4, sort_by_length=False).embed_documents(texts))

    assert np.allclose(batched, single, atol=1e-5)
    assert np.allclose(batched, unsorted, atol=1e-5)
    assert not batched[3].any()  # blank text -> zero vector, like Bedrock


def test_local_embedder_is_safe_to_share_between_threads(local: LocalEmbedder) -> None:
    texts = [f"awning {i}: {'clean' if i % 2 else 'repair'} the {'vinyl ' * (i % 5)}canopy" for i in range(24)]
    expected = np.array(local.embed_documents(texts))

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda k: local.embed_documents(texts[k::3]), [0, 1, 2] * 4))

    for k, result in zip([0, 1, 2] * 4, results, strict=True):
        assert np.allclose(result, expected[k::3], atol=1e-5)
