"""One settings object, read from the environment.

Every choice between an AWS and a local implementation is a field here; the factory
module reads it and nothing else branches on the environment.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Configuration of every handler, the importer and the local stack."""

    model_config = SettingsConfigDict(env_prefix="", case_sensitive=False, extra="ignore")

    # AWS plumbing. ``storage_endpoint_url`` points DynamoDB, Streams and S3 at moto's
    # server in local mode (unset on AWS).
    aws_region: str = Field("us-east-1", alias="AWS_REGION")
    storage_endpoint_url: str | None = None
    # Where browsers reach S3 with presigned URLs: unset on AWS (S3 itself); locally the
    # dev server, which fronts moto's S3 for the documents bucket.
    public_storage_endpoint_url: str | None = None

    # Business tables and the others; names are the template's resource names on AWS.
    customers_table: str = "awning-customers"
    work_orders_table: str = "awning-work-orders"
    repair_orders_table: str = "awning-repair-orders"
    inventory_table: str = "awning-inventory"
    users_table: str = "awning-users"
    integrations_table: str = "awning-integrations"  # machine clients; written by administrators, never imported
    sessions_table: str = "awning-sessions"
    audit_table: str = "awning-audit"
    document_catalog_table: str = "awning-document-catalog"
    chunk_ledger_table: str = "awning-chunk-ledger"  # the OpenSearch index's document ids per chunk
    jobs_table: str = "awning-jobs"  # long-running operations' progress (the in-AWS reindex)
    answer_cache_table: str = "awning-answer-cache"  # cached answers and the data version (answer_cache)
    prompt_versions_table: str = "awning-prompt-versions"  # the editable prompt's versions (prompt_store)
    documents_bucket: str = "awning-documents"
    reindex_queue_url: str = ""  # the in-AWS reindex's steps (the indexer's SQS source); unused locally

    # Providers: which implementation of each external service to use.
    search_backend: Literal["opensearch", "embedded"] = "opensearch"
    embedding_provider: Literal["bedrock", "local"] = "bedrock"
    llm_provider: Literal["bedrock", "openai", "local"] = "bedrock"
    inference_transport: Literal["lambda", "inprocess"] = "lambda"
    identity_provider: Literal["cognito", "dev"] = "cognito"
    ocr_provider: Literal["textract", "tesseract", "none"] = "textract"  # scanned pages of documents
    # Textract's asynchronous jobs (files with several scans) report to this topic, published as this role.
    ocr_topic_arn: str | None = None
    ocr_role_arn: str | None = None

    # Search index.
    opensearch_endpoint: str | None = None
    opensearch_index: str = "awning-chunks"
    index_path: Path = Path(".local/index.sqlite3")
    embedding_cache_path: Path | None = None  # local mode: never embed the same text twice

    # Models.
    embedding_model_id: str = "amazon.titan-embed-text-v2:0"
    embedding_dimensions: int = 384
    chat_model_id: str = "anthropic.claude-3-5-haiku-20241022-v1:0"
    openai_base_url: str | None = None
    openai_api_key: str | None = None
    openai_api_key_parameter: str | None = None  # SSM SecureString holding the key (preferred on AWS)
    openai_model: str = "gpt-4o-mini"
    llm_function_name: str = "awning-llm-inference"
    llm_timeout_seconds: float = 25.0

    # How close (cosine similarity of the embedding model in use) a search's best hit must be to
    # count as an answer; below it the question is declined. Calibrated for each model with
    # evaluation/calibrate_relevance.py (these: all-MiniLM-L6-v2).
    record_match_similarity: float = 0.5  # a record that misses one of four or more telling words
    record_terms_match_similarity: float = 0.25  # a record that holds every telling word
    synonym_similarity: float = 0.55  # word to word: a record's word that says a question's word otherwise
    document_match_similarity: float = 0.5
    document_term_match_similarity: float = 0.3
    document_terms_match_similarity: float = 0.2
    # Comparing the question with each sentence of the best passages tells better, but embeds the
    # sentences: only where embeddings are cheap (the local model, cached), not per call to Bedrock.
    compare_sentences: bool = False
    sentence_match_similarity: float = 0.5
    sentence_terms_match_similarity: float = 0.4

    # Time budgets. A chat turn answers within ``turn_budget_seconds`` (and within the Lambda's
    # remaining time): the model planner gets at most ``planner_timeout_seconds``, then the rules
    # plan; generation gets what is left, else the grounded answer comes back with a notice.
    # Storage and search calls wait ``request_timeout_seconds`` per attempt, ``request_attempts``
    # times (the indexer, a batch job, is given more in the template).
    turn_budget_seconds: float = 25.0
    planner_timeout_seconds: float = 6.0
    request_timeout_seconds: float = 3.0
    request_attempts: int = 2

    # Cognito (WebSocket $connect verifies ID tokens itself; REST uses API Gateway's authorizer).
    cognito_user_pool_id: str | None = None
    cognito_client_id: str | None = None

    # Dev identity (local mode only): tokens are HMAC-signed with this secret.
    dev_token_secret: str = "awning-local-dev-secret"

    # WebSocket streaming: the public URL clients connect to, and the scheme of the
    # connection-management endpoint built from each event's domain and stage.
    websocket_url: str | None = None
    websocket_management_scheme: Literal["https", "http"] = "https"

    # A fixed "today" for tests and evaluation; the real date when unset.
    app_today: date | None = None

    # Analytics mirror: Parquet partitions under ``analytics_prefix`` in this bucket (moto's S3 locally),
    # and the DuckDB sandboxes over it: rows a query returns, seconds before it is stopped, memory per
    # sandbox, how often a reader lists the mirror for changes, where it keeps its copy (a temp dir if unset).
    analytics_bucket: str = "awning-analytics"
    analytics_prefix: str = "mirror"
    analytics_max_rows: int = 1000
    analytics_query_seconds: float = 3.0
    analytics_memory: str = "256MB"
    analytics_refresh_seconds: float = 0.5
    analytics_cache_path: Path | None = None

    # The answer cache: how long an answer is kept (0: no cache), and how long after the data's last change
    # nothing is stored (until every read an answer rests on has caught up: OpenSearch Serverless's refresh,
    # the mirror's copy every ``analytics_refresh_seconds``, eventually consistent reads).
    answer_cache_ttl_seconds: int = 86_400
    answer_cache_settle_seconds: float = 60.0
    prompt_cache_seconds: float = 30.0  # how long a container uses the published prompt it read

    def today(self) -> date:
        """The business date questions are answered against."""
        return self.app_today or date.today()


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (cached; tests clear the cache after changing env)."""
    return Settings()
