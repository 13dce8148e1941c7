/** Shapes of the Awning Assistant HTTP API and WebSocket protocol (see the backend's contracts). */

export type Role = "staff" | "manager" | "admin";

export interface User {
  username: string;
  name: string;
  role: Role;
  territories: string[];
}

export interface CognitoConfig {
  domain: string;
  clientId: string;
  redirectUri: string;
}

export interface AppConfig {
  auth: "dev" | "cognito";
  websocketUrl?: string | null;
  cognito?: CognitoConfig | null;
}

export interface DevLoginResponse {
  token: string;
  user: User;
}

export type SourceType = "customer" | "work_order" | "repair_order" | "inventory" | "document";

export interface Source {
  type: SourceType;
  id: string;
  title: string;
  url: string;
  page?: number | null;
  score?: number;
}

export type Cell = string | number | boolean | null;

export interface DataTable {
  columns: string[];
  rows: Cell[][];
}

export interface ChatRequest {
  query: string;
  session_id: string | null;
  filters: null;
}

/** answered; declined (out of scope, not understood, nothing relevant); denied (not the caller's to see). */
export type Outcome = "answered" | "declined" | "denied";

/** One labelled piece of what the question was understood to ask ("Status: cleaning queue"). */
export interface InterpretationPart {
  label: string;
  value: string;
}

export interface ChatResponse {
  response: string;
  sources: Source[];
  data: DataTable | null;
  session_id: string;
  chat_log_id: string;
  notice?: string | null;
  outcome?: Outcome;
  /** Questions the assistant can answer for this user, close to a declined or refused one. */
  suggestions?: string[];
  interpretation?: InterpretationPart[];
  /** The SQL statement the figures were computed with, when the model wrote one (`data` holds its result). */
  sql?: string | null;
}

export interface FeedbackRequest {
  chat_log_id: string;
  rating: "up" | "down";
  comment: string | null;
}

export interface CustomerSummary {
  CustID: string;
  Name: string;
  Contact: string;
  Phone: string;
  Email: string;
  Territory: string;
}

export interface RecordView {
  type: SourceType;
  id: string;
  title: string;
  url: string;
  record: Record<string, unknown>;
  customer: CustomerSummary | null;
}

export interface DocumentPage {
  name: string;
  page: number;
  pages: number;
  text: string;
  /** The text was read from a scan by OCR (it may hold misread words). */
  ocr: boolean;
  download_url: string;
}

export interface SessionSummary {
  session_id: string;
  title: string;
  created_at: string;
  updated_at: string;
  turns: number;
}

export interface Turn {
  question: string;
  answer: string;
  source_ids: string[];
  chat_log_id: string;
  created_at: string;
}

/** A presigned POST: the form fields, then the file, as multipart/form-data to `url`. */
export interface UploadTarget {
  url: string;
  method: "POST";
  fields: Record<string, string>;
  key: string;
  max_bytes: number;
  replaces: boolean;
}

export type IndexStatus = "processing" | "indexed" | "failed";

/** A document as the indexer catalogued it (`message`: why it failed, or what is happening). */
export interface DocumentInfo {
  name: string;
  status: IndexStatus;
  pages: number;
  /** Pages whose text OCR read from a scan. */
  ocr_pages: number;
  chunks: number;
  message: string;
  size: number;
  uploaded_by: string;
  updated_at: string;
}

export type DocumentStatus = DocumentInfo;

export interface DocumentList {
  documents: DocumentInfo[];
  next_cursor: string | null;
}

export interface ApiErrorBody {
  error: string;
  message: string;
}

/** Messages the server sends over the WebSocket. */
export type ServerMessage =
  | { type: "start"; request_id: string }
  | { type: "delta"; request_id: string; text: string }
  | { type: "done"; request_id: string; response: ChatResponse }
  | { type: "error"; request_id: string; status: number; error: string; message: string };

/** Messages the client sends over the WebSocket. */
export type ClientMessage =
  | ({ action: "query"; request_id: string } & ChatRequest)
  | { action: "cancel"; request_id: string };

/** The analytics views a SQL query may name (GET /api/analytics/schema): staff get them without order money. */
export interface SchemaColumn {
  name: string;
  type: string;
  meaning: string;
}

export interface SchemaView {
  name: string;
  meaning: string;
  columns: SchemaColumn[];
}

export interface SchemaMeasure {
  name: string;
  sql: string;
  meaning: string;
}

export interface AnalyticsSchema {
  views: SchemaView[];
  measures: SchemaMeasure[];
}

/** The manager's console (GET /api/admin/usage): one UTC day's questions, outcomes, tokens and estimated cost. */
export interface DayUsage {
  /** YYYY-MM-DD (UTC). */
  day: string;
  questions: number;
  answered: number;
  declined: number;
  denied: number;
  /** Answered by the grounded composer because the model failed. */
  degraded: number;
  /** Answered from the answer cache (the same question, understood alike, same scope, same data). */
  cached: number;
  /** Questions the answer cache was asked for (all but plain declines). */
  cache_lookups: number;
  /** cached / cache_lookups; null without lookups. */
  cache_hit_rate: number | null;
  input_tokens: number;
  output_tokens: number;
  /** Tokens of the question and passages embedded for the search. */
  embedding_tokens: number;
  /** Model calls (planner, answer, SQL) and embeddings, at `prices`. */
  cost_usd: number;
}

export interface UserUsage {
  username: string;
  questions: number;
  input_tokens: number;
  output_tokens: number;
  /** Tokens of the question and passages embedded for the search. */
  embedding_tokens: number;
  /** Model calls (planner, answer, SQL) and embeddings, at `prices`. */
  cost_usd: number;
}

export interface QuestionCount {
  /** Lower-cased, whitespace-collapsed, so the same question typed twice counts once. */
  question: string;
  count: number;
}

export interface ModelPrice {
  model: string;
  input_usd_per_million: number;
  output_usd_per_million: number;
}

export interface UsageReport {
  start: string;
  end: string;
  /** Oldest first, one per day of the period (days without questions included). */
  days: DayUsage[];
  /** Most questions first. */
  users: UserUsage[];
  latency_p50_ms: number | null;
  latency_p95_ms: number | null;
  top_questions: QuestionCount[];
  /** The period's cached answers / cache lookups; null without lookups. */
  cache_hit_rate: number | null;
  /** The prices the estimated costs use. */
  prices: ModelPrice[];
}

/** open: not yet marked reviewed; all: reviewed ones too. */
export type ReviewState = "open" | "all";

/** A declined or thumbs-down answer (GET /api/admin/reviews). */
export interface ReviewItem {
  chat_log_id: string;
  username: string;
  created_at: string;
  question: string;
  answer: string;
  outcome: Outcome | string;
  source_ids: string[];
  interpretation: InterpretationPart[];
  sql: string | null;
  rating: "up" | "down" | null;
  comment: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
}

export interface ReviewPage {
  items: ReviewItem[];
  /** Pass back for the next page; absent (or null) at the end. */
  cursor?: string | null;
}

/** A question the assistant offers after a decline; `{order}`, `{customer}` or `{material}` is filled from the
 * declined question. */
export interface SuggestedQuestion {
  text: string;
  managers_only: boolean;
}

/** What admins edit of the prompt: the house rules (the safety rules after them are fixed) and the suggestions. */
export interface PromptDraft {
  rules: string;
  suggestions: SuggestedQuestion[];
  note: string;
}

export interface PromptVersion extends PromptDraft {
  /** 0 is the built-in prompt. */
  version: number;
  author: string;
  created_at: string;
  published: boolean;
  published_by?: string | null;
  published_at?: string | null;
}

export interface PromptVersionPage {
  published: number;
  versions: PromptVersion[];
  /** Pass back as `before` for the next page; absent (or null) at the end. */
  before?: number | null;
}

/** A question answered with a prompt version before it is published (not cached or recorded). */
export interface PromptPreview {
  version: number;
  response: string;
  sources: Source[];
  data: DataTable | null;
  notice?: string | null;
  outcome?: Outcome;
  suggestions?: string[];
  interpretation?: InterpretationPart[];
}
