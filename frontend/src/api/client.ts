/** The typed Awning Assistant API: one function per endpoint. */

import { request } from "./http";
import type {
  AnalyticsSchema,
  AppConfig,
  ChatRequest,
  ChatResponse,
  DevLoginResponse,
  DocumentList,
  DocumentPage,
  DocumentStatus,
  FeedbackRequest,
  PromptDraft,
  PromptPreview,
  PromptVersion,
  PromptVersionPage,
  RecordView,
  ReviewItem,
  ReviewPage,
  ReviewState,
  SessionSummary,
  Turn,
  UploadTarget,
  UsageReport,
  User,
} from "./types";

export async function loadConfig(): Promise<AppConfig> {
  try {
    const response = await fetch("/config.json", { headers: { Accept: "application/json" }, cache: "no-store" });
    if (response.ok) {
      const config = (await response.json()) as AppConfig;
      if (config.auth === "dev" || config.auth === "cognito") return config;
    }
  } catch {
    // Unreachable or not JSON: fall through to local defaults.
  }
  return { auth: "dev" };
}

export const api = {
  users: () => request<User[]>("GET", "/api/auth/users"),
  devLogin: (username: string) => request<DevLoginResponse>("POST", "/api/auth/dev-login", { username }),
  me: () => request<User>("GET", "/api/auth/me"),

  query: (body: ChatRequest, signal?: AbortSignal) =>
    request<ChatResponse>("POST", "/api/chat/query", body, signal),
  feedback: (body: FeedbackRequest) => request<{ status: string }>("POST", "/api/chat/feedback", body),
  sessions: () => request<SessionSummary[]>("GET", "/api/chat/sessions"),
  transcript: (sessionId: string) =>
    request<Turn[]>("GET", `/api/chat/sessions/${encodeURIComponent(sessionId)}`),

  /** A record by the link a source carries (`/api/records/{type}/{id}`). */
  record: (url: string) => request<RecordView>("GET", url),
  analyticsSchema: () => request<AnalyticsSchema>("GET", "/api/analytics/schema"),
  documentPage: (name: string, page: number | null) =>
    request<DocumentPage>(
      "GET",
      `/api/documents/${encodeURIComponent(name)}${page ? `?page=${encodeURIComponent(String(page))}` : ""}`,
    ),

  documents: (cursor?: string | null) =>
    request<DocumentList>("GET", `/api/documents${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`),
  uploadUrl: (filename: string, contentType: string, replace: boolean) =>
    request<UploadTarget>("POST", "/api/documents/upload-url", { filename, content_type: contentType, replace }),
  deleteDocument: (name: string) =>
    request<{ status: string }>("DELETE", `/api/documents/${encodeURIComponent(name)}`),
  retryDocument: (name: string) =>
    request<DocumentStatus>("POST", `/api/documents/${encodeURIComponent(name)}/retry`),
  documentStatus: (key: string) =>
    request<DocumentStatus>("GET", `/api/documents/${encodeURIComponent(key)}/status`),

  /** The manager's console (managers and admins; staff get 403). */
  usage: (days: number) => request<UsageReport>("GET", `/api/admin/usage?days=${encodeURIComponent(String(days))}`),
  reviews: (state: ReviewState, cursor?: string | null, limit?: number) => {
    const query = new URLSearchParams({ state });
    if (cursor) query.set("cursor", cursor);
    if (limit) query.set("limit", String(limit));
    return request<ReviewPage>("GET", `/api/admin/reviews?${query.toString()}`);
  },
  /** Admins only (managers get 403). */
  markReviewed: (chatLogId: string) =>
    request<ReviewItem>("POST", `/api/admin/reviews/${encodeURIComponent(chatLogId)}/reviewed`),
  promptVersions: (before?: number | null, limit?: number) => {
    const query = new URLSearchParams();
    if (before) query.set("before", String(before));
    if (limit) query.set("limit", String(limit));
    const text = query.toString();
    return request<PromptVersionPage>("GET", `/api/admin/prompts${text ? `?${text}` : ""}`);
  },
  /** Admins only: save a version, preview one, publish one (an older one rolls back). */
  savePrompt: (draft: PromptDraft) => request<PromptVersion>("POST", "/api/admin/prompts", draft),
  previewPrompt: (version: number, query: string) =>
    request<PromptPreview>("POST", `/api/admin/prompts/${version}/preview`, { query }),
  publishPrompt: (version: number) => request<PromptVersion>("POST", `/api/admin/prompts/${version}/publish`),
};
