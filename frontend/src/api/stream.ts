/**
 * Streaming answers over the WebSocket protocol (same locally and on API Gateway WebSocket).
 *
 * One socket per signed-in session, reconnected with exponential backoff. `ask()` sends a
 * query and reports start / delta / done / error for its request_id. When the socket cannot
 * be opened (no URL configured, server down, proxy without WebSocket support), the question
 * goes to `POST /api/chat/query` instead and the whole answer arrives as one `done`.
 */

import { api } from "./client";
import { ApiError, UNREACHABLE_MESSAGE } from "./http";
import type { ChatRequest, ChatResponse, ClientMessage, ServerMessage } from "./types";

export type ConnectionState = "idle" | "connecting" | "open" | "offline";

export interface StreamHandlers {
  onStart?: () => void;
  onDelta: (text: string) => void;
  onDone: (response: ChatResponse) => void;
  onError: (error: ApiError) => void;
}

export interface StreamHandle {
  requestId: string;
  /** Stop rendering this answer; tells the server, which may ignore it. */
  cancel: () => void;
}

/** How long a question waits for the socket before going over HTTP instead. */
const CONNECT_WAIT_MS = 2500;
const BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 15000];

export function newRequestId(): string {
  if (typeof crypto !== "undefined" && "randomUUID" in crypto) return crypto.randomUUID();
  return `r-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/** `ws(s)://…?token=…` from the configured URL (absolute, or a path on this host). */
export function socketUrl(configured: string | null | undefined, token: string): string {
  const base = configured && configured.length > 0 ? configured : "/ws";
  let url: URL;
  if (/^wss?:\/\//.test(base)) url = new URL(base);
  else {
    url = new URL(base, window.location.href);
    url.protocol = window.location.protocol === "https:" ? "wss:" : "ws:";
  }
  url.searchParams.set("token", token);
  return url.toString();
}

interface Pending {
  handlers: StreamHandlers;
  cancelled: boolean;
  /** Sent over the socket (so a dropped socket means this answer is lost). */
  sent: boolean;
}

export class ChatStream {
  private socket: WebSocket | null = null;
  private state: ConnectionState = "idle";
  private attempts = 0;
  private retryTimer: number | undefined;
  private closed = false;
  private readonly pending = new Map<string, Pending>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private readonly openWaiters = new Set<(open: boolean) => void>();

  constructor(
    private readonly configuredUrl: string | null | undefined,
    private readonly token: () => string | null,
  ) {}

  get connection(): ConnectionState {
    return this.state;
  }

  onStateChange(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  connect(): void {
    this.closed = false;
    if (this.socket && this.socket.readyState <= WebSocket.OPEN) return;
    const token = this.token();
    if (!token) return;
    this.setState("connecting");
    let socket: WebSocket;
    try {
      socket = new WebSocket(socketUrl(this.configuredUrl, token));
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.attempts = 0;
      this.setState("open");
      this.settleWaiters(true);
    };
    socket.onmessage = (event) => this.receive(event.data);
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.failInFlight();
      this.settleWaiters(false);
      if (!this.closed) this.scheduleReconnect();
    };
    socket.onerror = () => {
      // onclose follows and handles it.
    };
  }

  /** Close for good (sign-out). */
  close(): void {
    this.closed = true;
    window.clearTimeout(this.retryTimer);
    const socket = this.socket;
    this.socket = null;
    socket?.close();
    this.setState("idle");
  }

  ask(request: ChatRequest, handlers: StreamHandlers): StreamHandle {
    const requestId = newRequestId();
    const entry: Pending = { handlers, cancelled: false, sent: false };
    this.pending.set(requestId, entry);
    void this.dispatch(requestId, request, entry);
    return {
      requestId,
      cancel: () => {
        entry.cancelled = true;
        this.pending.delete(requestId);
        this.send({ action: "cancel", request_id: requestId });
      },
    };
  }

  private async dispatch(requestId: string, request: ChatRequest, entry: Pending): Promise<void> {
    const open = await this.waitForOpen();
    if (entry.cancelled) return;
    if (open && this.send({ action: "query", request_id: requestId, ...request })) {
      entry.sent = true;
      return;
    }
    // No socket: the non-streaming endpoint answers the same question in one piece.
    this.pending.delete(requestId);
    try {
      const response = await api.query(request);
      if (!entry.cancelled) entry.handlers.onDone(response);
    } catch (error) {
      if (!entry.cancelled)
        entry.handlers.onError(error instanceof ApiError ? error : new ApiError(0, "unreachable", UNREACHABLE_MESSAGE));
    }
  }

  private waitForOpen(): Promise<boolean> {
    if (this.socket?.readyState === WebSocket.OPEN) return Promise.resolve(true);
    if (!this.socket) {
      // A question is a good reason to try again now rather than after the backoff.
      window.clearTimeout(this.retryTimer);
      this.connect();
    }
    return new Promise((resolve) => {
      const timer = window.setTimeout(() => finish(false), CONNECT_WAIT_MS);
      const finish = (open: boolean) => {
        window.clearTimeout(timer);
        this.openWaiters.delete(finish);
        resolve(open);
      };
      this.openWaiters.add(finish);
    });
  }

  private settleWaiters(open: boolean): void {
    for (const waiter of [...this.openWaiters]) waiter(open);
  }

  private send(message: ClientMessage): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  private receive(raw: unknown): void {
    if (typeof raw !== "string") return;
    let message: ServerMessage;
    try {
      message = JSON.parse(raw) as ServerMessage;
    } catch {
      return;
    }
    const entry = this.pending.get(message.request_id);
    if (!entry || entry.cancelled) return;
    switch (message.type) {
      case "start":
        entry.handlers.onStart?.();
        break;
      case "delta":
        entry.handlers.onDelta(message.text);
        break;
      case "done":
        this.pending.delete(message.request_id);
        entry.handlers.onDone(message.response);
        break;
      case "error":
        this.pending.delete(message.request_id);
        entry.handlers.onError(new ApiError(message.status, message.error, message.message));
        break;
    }
  }

  /** The socket dropped mid-answer: those answers will not finish; let the user retry. */
  private failInFlight(): void {
    for (const [requestId, entry] of this.pending) {
      if (entry.cancelled || !entry.sent) continue;
      this.pending.delete(requestId);
      entry.handlers.onError(
        new ApiError(0, "connection_lost", "The connection dropped before the answer finished. Try again."),
      );
    }
  }

  private scheduleReconnect(): void {
    this.setState("offline");
    const delay = BACKOFF_MS[Math.min(this.attempts, BACKOFF_MS.length - 1)] ?? 15000;
    this.attempts += 1;
    window.clearTimeout(this.retryTimer);
    this.retryTimer = window.setTimeout(() => this.connect(), delay);
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }
}
