"""The one place that turns settings into implementations (AWS or local).

Handlers, the local stack and the tests ask ``get_services()`` for what they need;
nothing else in the code base chooses between AWS and local implementations. The local ones
(the embedded index, the local embedding model and its cache, dev sign-in) live outside the
Lambda layer, in ``local/``, which hands them to ``use_local_adapters`` before it builds services.
"""

from __future__ import annotations

from functools import cached_property, lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import boto3
from botocore.config import Config

from awning_assistant.identity.providers import CognitoIdentity, IdentityProvider
from awning_assistant.records.store import RecordStore
from awning_assistant.settings import Settings, get_settings

if TYPE_CHECKING:
    from awning_assistant.analytics.mirror import MirrorWriter, PartitionStore
    from awning_assistant.analytics.sandbox import Analytics
    from awning_assistant.answering.answer_cache import AnswerCache, DataVersions
    from awning_assistant.answering.chat import ChatService
    from awning_assistant.answering.conversations import Conversations
    from awning_assistant.answering.planner import Planner
    from awning_assistant.answering.prompt_store import PromptStore
    from awning_assistant.console import Console
    from awning_assistant.documents.catalog import DocumentCatalog
    from awning_assistant.documents.extraction import DocumentReader
    from awning_assistant.documents.store import DocumentStore
    from awning_assistant.generation.contract import InferenceClient, Provider
    from awning_assistant.indexing.embeddings import Embedder
    from awning_assistant.indexing.indexer import Indexer
    from awning_assistant.indexing.reindex import ReindexRunner
    from awning_assistant.observability import TurnMetrics
    from awning_assistant.records.directory import Directory
    from awning_assistant.search_index import SearchIndex

STORAGE_SERVICES = frozenset({"dynamodb", "dynamodbstreams", "s3", "sqs"})


class LocalAdapters(Protocol):
    """The implementations only local mode uses, supplied by ``local.adapters``."""

    def embedder(self) -> tuple[Embedder, str]:
        """The local embedding model and its id (the embedding cache keys by it)."""
        ...

    def cached_embedder(self, model: Embedder, path: Path, model_id: str) -> Embedder:
        """``model`` behind a persistent cache at ``path``."""
        ...

    def search_index(self, path: Path, dimensions: int) -> SearchIndex:
        """The embedded search index stored at ``path``."""
        ...

    def identity(self, records: RecordStore, secret: str) -> IdentityProvider:
        """Sign-in with signed dev tokens for the loaded users."""
        ...


_local_adapters: LocalAdapters | None = None


def use_local_adapters(adapters: LocalAdapters) -> None:
    """Make local mode's implementations available to the services settings ask for them."""
    global _local_adapters
    _local_adapters = adapters


class Services:
    """Lazily built clients and services for one settings object."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @property
    def local(self) -> LocalAdapters:
        if _local_adapters is None:
            raise ValueError(
                "These settings name a local-mode implementation, which the deployed package "
                "does not carry; run local mode through local/ (make dev)."
            )
        return _local_adapters

    @cached_property
    def request_config(self) -> Config:
        """Short waits and few attempts: a request must answer (or say it can't) within its budget."""
        s = self.settings
        return Config(
            retries={"mode": "standard", "total_max_attempts": s.request_attempts},
            connect_timeout=min(2.0, s.request_timeout_seconds),
            read_timeout=s.request_timeout_seconds,
        )

    def client(self, service: str, config: Config | None = None) -> Any:
        """A boto3 client; ``storage_endpoint_url`` (moto's server locally) applies to DynamoDB, Streams, S3, SQS."""
        endpoint = self.settings.storage_endpoint_url if service in STORAGE_SERVICES else None
        return boto3.client(  # type: ignore[call-overload]  # the stubs' overloads want a literal service name
            service, region_name=self.settings.aws_region, endpoint_url=endpoint, config=config or self.request_config
        )

    @cached_property
    def dynamodb(self) -> Any:
        return boto3.resource(
            "dynamodb",
            region_name=self.settings.aws_region,
            endpoint_url=self.settings.storage_endpoint_url,
            config=self.request_config,
        )

    def management_client(self, endpoint_url: str) -> Any:
        """The API Gateway management API of a WebSocket API (post_to_connection)."""
        return boto3.client(
            "apigatewaymanagementapi",
            region_name=self.settings.aws_region,
            endpoint_url=endpoint_url,
            config=self.request_config,
        )

    @cached_property
    def documents(self) -> DocumentStore:
        from awning_assistant.documents.store import DocumentStore

        public = self.settings.public_storage_endpoint_url
        presigner = boto3.client("s3", region_name=self.settings.aws_region, endpoint_url=public) if public else self.s3
        return DocumentStore(
            self.s3, presigner, self.settings.documents_bucket, self.catalog, self.conversations.record_action
        )

    @cached_property
    def s3(self) -> Any:
        return self.client("s3")

    @cached_property
    def records(self) -> RecordStore:
        return RecordStore(self.dynamodb, self.settings)

    @cached_property
    def identity(self) -> IdentityProvider:
        if self.settings.identity_provider == "dev":
            return self.local.identity(self.records, self.settings.dev_token_secret)
        s = self.settings
        return CognitoIdentity(self.records, s.cognito_user_pool_id, s.cognito_client_id, s.aws_region)

    @cached_property
    def embedder(self) -> Embedder:
        from awning_assistant.indexing import embeddings

        s = self.settings
        if s.embedding_provider == "local":
            model, model_id = self.local.embedder()
        else:
            model = embeddings.BedrockEmbedder(
                self.client("bedrock-runtime"), s.embedding_model_id, s.embedding_dimensions
            )
            model_id = f"{s.embedding_model_id}:{s.embedding_dimensions}"
        if s.embedding_cache_path is None:
            return model
        return self.local.cached_embedder(model, s.embedding_cache_path, model_id)

    @cached_property
    def search_index(self) -> SearchIndex:
        if self.settings.search_backend == "embedded":
            return self.local.search_index(self.settings.index_path, self.embedder.dimensions)
        from awning_assistant.search_index.ledger import ChunkLedger
        from awning_assistant.search_index.opensearch import OpenSearchIndex

        ledger = ChunkLedger(self.dynamodb, self.settings.chunk_ledger_table)  # read and written by the indexer only
        return OpenSearchIndex.from_settings(self.settings, boto3.Session().get_credentials(), ledger)

    @cached_property
    def document_reader(self) -> DocumentReader:
        """The indexer's reader of documents, with the OCR engine settings name for scanned pages
        (and Textract's background jobs for files with several, where a topic is configured)."""
        from awning_assistant.documents.extraction import DocumentReader
        from awning_assistant.documents.ocr import Ocr, TesseractOcr, TextractJobs, TextractOcr

        s = self.settings
        if s.ocr_provider == "textract":
            textract = self.client("textract")
            jobs = (
                TextractJobs(textract, s.documents_bucket, s.ocr_topic_arn, s.ocr_role_arn)
                if s.ocr_topic_arn and s.ocr_role_arn
                else None
            )
            return DocumentReader(TextractOcr(textract), jobs)
        ocr: Ocr | None = TesseractOcr() if s.ocr_provider == "tesseract" else None
        return DocumentReader(ocr)

    @cached_property
    def indexer(self) -> Indexer:
        from awning_assistant.indexing.indexer import Indexer

        return Indexer(
            self.search_index,
            self.embedder,
            self.records,
            self.catalog,
            self.s3,
            self.settings.documents_bucket,
            self.document_reader,
            self.mirror,
        )

    @cached_property
    def reindex(self) -> ReindexRunner:
        """The in-AWS full reindex's steps (the indexer function's SQS messages)."""
        from awning_assistant.indexing.reindex import JobStore, ReindexRunner, SqsStepQueue

        queue = SqsStepQueue(self.client("sqs"), self.settings.reindex_queue_url)
        return ReindexRunner(self.indexer, self.records, JobStore(self.dynamodb, self.settings.jobs_table), queue)

    @cached_property
    def metrics(self) -> TurnMetrics:
        """Turn and rating figures for CloudWatch (Powertools metrics, flushed by each handler)."""
        from awning_assistant.observability import TurnMetrics

        return TurnMetrics()

    @cached_property
    def mirror_store(self) -> PartitionStore:
        """The analytics mirror's partitions in S3 (moto's S3 locally)."""
        from awning_assistant.analytics.mirror import PartitionStore

        return PartitionStore(self.s3, self.settings.analytics_bucket, self.settings.analytics_prefix)

    @cached_property
    def mirror(self) -> MirrorWriter:
        """The indexer's writer of the analytics mirror."""
        from awning_assistant.analytics.mirror import MirrorWriter

        return MirrorWriter(self.mirror_store)

    @cached_property
    def analytics(self) -> Analytics:
        """The chat function's DuckDB sandboxes over its local copy of the mirror."""
        from awning_assistant.analytics.reader import MirrorReader
        from awning_assistant.analytics.sandbox import Analytics, Limits

        s = self.settings
        reader = MirrorReader(self.mirror_store, s.analytics_cache_path, s.analytics_refresh_seconds)
        return Analytics(reader, s.today, Limits(s.analytics_max_rows, s.analytics_query_seconds, s.analytics_memory))

    @cached_property
    def catalog(self) -> DocumentCatalog:
        from awning_assistant.documents.catalog import DocumentCatalog

        return DocumentCatalog(self.dynamodb, self.settings.document_catalog_table)

    @cached_property
    def directory(self) -> Directory:
        from awning_assistant.records.directory import Directory, load_vocabulary

        return Directory(partial(load_vocabulary, self.records))

    @cached_property
    def provider(self) -> Provider:
        """The text-generation provider (used in-process, or by the inference Lambda); only its module is imported."""
        s = self.settings
        if s.llm_provider == "local":
            from awning_assistant.answering.composer import Composer
            from awning_assistant.generation.local import LocalComposer

            return LocalComposer(Composer(similarity=self.similarity))
        if s.llm_provider == "openai":
            from awning_assistant.generation.openai import OpenAICompatible

            if not s.openai_base_url:
                raise ValueError("LLM_PROVIDER=openai needs OPENAI_BASE_URL")
            return OpenAICompatible(s.openai_base_url, self._openai_key(), s.openai_model, s.llm_timeout_seconds)
        config = Config(
            retries={"mode": "adaptive", "max_attempts": 6}, read_timeout=s.llm_timeout_seconds, connect_timeout=5
        )
        from awning_assistant.generation.bedrock import BedrockConverse

        return BedrockConverse(self.client("bedrock-runtime", config), s.chat_model_id)

    def _openai_key(self) -> str | None:
        """The key from SSM Parameter Store when a parameter is named (never from the template)."""
        name = self.settings.openai_api_key_parameter
        if not name:
            return self.settings.openai_api_key
        return self.client("ssm").get_parameter(Name=name, WithDecryption=True)["Parameter"]["Value"]

    def similarity(self, text: str, others: list[str]) -> list[float]:
        """Cosine similarity of ``text`` to each of ``others`` (the embeddings are unit vectors)."""
        query = self.embedder.embed_query(text)
        return [sum(a * b for a, b in zip(query, v, strict=True)) for v in self.embedder.embed_documents(others)]

    @cached_property
    def inference(self) -> InferenceClient:
        from awning_assistant.generation.transport import InProcessInference, LambdaInference

        if self.settings.inference_transport == "inprocess":
            return InProcessInference(self.provider)
        # One attempt: a retried generation would only finish after the caller gave up.
        config = Config(
            retries={"total_max_attempts": 1}, connect_timeout=2, read_timeout=self.settings.llm_timeout_seconds + 5
        )
        return LambdaInference(self.client("lambda", config), self.settings.llm_function_name)

    @cached_property
    def planner(self) -> Planner:
        from awning_assistant.answering.planner import ModelPlanner, RulePlanner

        rules = RulePlanner(self.directory, self.settings.today)
        if self.settings.llm_provider == "local":
            return rules
        return ModelPlanner(self.inference, rules, self.settings.today, self.settings.planner_timeout_seconds)

    @cached_property
    def console(self) -> Console:
        from awning_assistant.console import Console

        return Console(self.dynamodb, self.settings.audit_table)

    @cached_property
    def data_version(self) -> DataVersions:
        """The data version the indexer moves after each change and the answer cache keys by."""
        from awning_assistant.answering.answer_cache import DataVersions

        return DataVersions(self.dynamodb.Table(self.settings.answer_cache_table))

    @cached_property
    def answer_cache(self) -> AnswerCache | None:
        """Answers kept for identical turns (None when ``answer_cache_ttl_seconds`` is 0)."""
        from awning_assistant.answering.answer_cache import AnswerCache, release_of

        s = self.settings
        if s.answer_cache_ttl_seconds <= 0:
            return None
        model = {
            "local": "local:grounded-composer",
            "bedrock": f"bedrock:{s.chat_model_id}",
            "openai": f"openai:{s.openai_base_url}:{s.openai_model}",
        }[s.llm_provider]
        return AnswerCache(
            self.dynamodb.Table(s.answer_cache_table),
            self.data_version,
            model,
            release_of(s),
            s.answer_cache_ttl_seconds,
            s.answer_cache_settle_seconds,
            self.directory.loaded_since,
        )

    @cached_property
    def prompt_store(self) -> PromptStore:
        """The prompt's versions and the published one (read by every turn, through a short cache)."""
        from awning_assistant.answering.prompt_store import PromptStore

        return PromptStore(self.dynamodb.Table(self.settings.prompt_versions_table), self.settings.prompt_cache_seconds)

    @cached_property
    def conversations(self) -> Conversations:
        from awning_assistant.answering.conversations import Conversations

        return Conversations(self.dynamodb, self.settings.sessions_table, self.settings.audit_table)

    @cached_property
    def chat(self) -> ChatService:
        from awning_assistant.answering.chat import ChatService
        from awning_assistant.answering.composer import Composer
        from awning_assistant.answering.relevance import Thresholds
        from awning_assistant.answering.retrieval import Retriever
        from awning_assistant.answering.structured import StructuredQueries

        today = self.settings.today
        s = self.settings
        relevance = Thresholds(
            record=s.record_match_similarity,
            record_with_terms=s.record_terms_match_similarity,
            document=s.document_match_similarity,
            document_with_term=s.document_term_match_similarity,
            document_with_most_terms=s.document_terms_match_similarity,
            sentence=s.sentence_match_similarity,
            sentence_with_terms=s.sentence_terms_match_similarity,
            synonym=s.synonym_similarity,
        )
        sql = None
        if s.llm_provider == "bedrock":  # the local composer and the OpenAI-compatible provider write no SQL
            from awning_assistant.answering.sql_tool import SqlAnswers

            sql = SqlAnswers(self.inference, self.analytics, today)
        from awning_assistant.analytics.orders import MirrorOrders
        from awning_assistant.analytics.revenue import MirrorRevenue

        queries = StructuredQueries(
            self.records, MirrorOrders(self.analytics), MirrorRevenue(self.analytics), self.directory, today
        )
        return ChatService(
            self.planner,
            queries,
            Retriever(self.search_index, self.embedder),
            self.inference,
            self.conversations,
            today,
            s.turn_budget_seconds,
            Composer(),
            relevance,
            self.similarity if s.compare_sentences else None,
            sql=sql,
            metrics=self.metrics,
            cache=self.answer_cache,
            prompts=self.prompt_store.published,
        )


@lru_cache(maxsize=1)
def get_services() -> Services:
    """The process-wide services (tests call ``get_services.cache_clear()`` between setups)."""
    return Services(get_settings())
