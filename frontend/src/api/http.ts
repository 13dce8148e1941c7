/** fetch with the bearer token, JSON in and out, and the API's `{error, message}` errors as ApiError. */

import type { ApiErrorBody } from "./types";

export const UNREACHABLE_MESSAGE = "Can't reach the Awning Assistant server. Check your connection and try again.";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** The server could not be reached at all (network down, server stopped). */
  get unreachable(): boolean {
    return this.status === 0;
  }
}

type TokenSource = () => string | null;

let tokenSource: TokenSource = () => null;
let onUnauthorized: () => void = () => {};

/** Wire the HTTP layer to the signed-in session (called once by the auth module). */
export function configureHttp(getToken: TokenSource, unauthorized: () => void): void {
  tokenSource = getToken;
  onUnauthorized = unauthorized;
}

export async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  const token = tokenSource();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(0, "unreachable", UNREACHABLE_MESSAGE);
  }
  const text = await response.text();
  let payload: unknown = null;
  if (text) {
    try {
      payload = JSON.parse(text);
    } catch {
      payload = null;
    }
  }
  if (!response.ok) {
    const err = payload as Partial<ApiErrorBody> | null;
    const message =
      err?.message ??
      (response.status >= 500 || response.status === 0
        ? "The server had a problem answering; please try again."
        : `Request failed (${response.status}).`);
    if (response.status === 401 && token) onUnauthorized();
    throw new ApiError(response.status, err?.error ?? "http_error", message);
  }
  return payload as T;
}

/** A readable message for anything thrown by the API layer. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
