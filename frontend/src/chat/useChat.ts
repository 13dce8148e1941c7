/**
 * The conversation: its exchanges (question + streamed answer), the session id, and the
 * actions send / stop / retry / new chat / resume. Streamed pieces are buffered and applied
 * once per animation frame, so a fast stream costs one render per frame, not one per token.
 */

import { useCallback, useEffect, useReducer, useRef } from "react";
import { api } from "../api/client";
import { errorMessage, type ApiError } from "../api/http";
import type { ChatStream, StreamHandle } from "../api/stream";
import type { ChatResponse } from "../api/types";
import { sourceFromId } from "./sources";

export type ExchangeStatus = "waiting" | "streaming" | "done" | "error" | "stopped";

export interface Exchange {
  id: string;
  question: string;
  status: ExchangeStatus;
  /** The answer so far (streamed), then the server's authoritative text. */
  text: string;
  /** How many streamed pieces arrived (0 for a non-streamed answer). */
  pieces: number;
  response?: ChatResponse;
  error?: { message: string; unreachable: boolean };
  /** Loaded from a past session rather than asked in this tab. */
  restored?: boolean;
  /** When the question was asked (ISO 8601). */
  askedAt?: string;
}

interface State {
  sessionId: string | null;
  exchanges: Exchange[];
  loading: boolean;
  loadError: string | null;
}

type Action =
  | { type: "ask"; exchange: Exchange }
  | { type: "retry"; id: string }
  | { type: "start"; id: string }
  | { type: "append"; id: string; text: string; pieces: number }
  | { type: "done"; id: string; response: ChatResponse }
  | { type: "error"; id: string; message: string; unreachable: boolean }
  | { type: "stop"; id: string }
  | { type: "reset" }
  | { type: "loading"; sessionId: string }
  | { type: "loaded"; sessionId: string; exchanges: Exchange[] }
  | { type: "load-failed"; message: string };

function update(state: State, id: string, change: (exchange: Exchange) => Exchange): State {
  return { ...state, exchanges: state.exchanges.map((e) => (e.id === id ? change(e) : e)) };
}

function reducer(state: State, action: Action): State {
  switch (action.type) {
    case "ask":
      return { ...state, exchanges: [...state.exchanges, action.exchange] };
    case "retry":
      return update(state, action.id, (e) => ({ ...e, status: "waiting", text: "", pieces: 0, error: undefined }));
    case "start":
      return update(state, action.id, (e) => ({ ...e, status: e.status === "waiting" ? "streaming" : e.status }));
    case "append":
      return update(state, action.id, (e) =>
        e.status === "waiting" || e.status === "streaming"
          ? { ...e, status: "streaming", text: e.text + action.text, pieces: e.pieces + action.pieces }
          : e,
      );
    case "done":
      return {
        ...update(state, action.id, (e) =>
          e.status === "stopped" ? e : { ...e, status: "done", text: action.response.response, response: action.response },
        ),
        sessionId: action.response.session_id || state.sessionId,
      };
    case "error":
      return update(state, action.id, (e) =>
        e.status === "stopped"
          ? e
          : { ...e, status: "error", error: { message: action.message, unreachable: action.unreachable } },
      );
    case "stop":
      return update(state, action.id, (e) =>
        e.status === "waiting" || e.status === "streaming" ? { ...e, status: "stopped" } : e,
      );
    case "reset":
      return { sessionId: null, exchanges: [], loading: false, loadError: null };
    case "loading":
      return { sessionId: action.sessionId, exchanges: [], loading: true, loadError: null };
    case "loaded":
      return { sessionId: action.sessionId, exchanges: action.exchanges, loading: false, loadError: null };
    case "load-failed":
      return { ...state, loading: false, loadError: action.message };
  }
}

let counter = 0;
const localId = () => `x${Date.now().toString(36)}${(counter++).toString(36)}`;

export interface Chat {
  sessionId: string | null;
  exchanges: Exchange[];
  loading: boolean;
  loadError: string | null;
  busy: boolean;
  send: (question: string) => void;
  stop: () => void;
  retry: (id: string) => void;
  newChat: () => void;
  resume: (sessionId: string) => Promise<void>;
}

export function useChat(stream: ChatStream, onAnswered: () => void): Chat {
  const [state, dispatch] = useReducer(reducer, { sessionId: null, exchanges: [], loading: false, loadError: null });
  const active = useRef<{ id: string; handle: StreamHandle } | null>(null);
  const sessionRef = useRef<string | null>(null);
  sessionRef.current = state.sessionId;
  const buffer = useRef<{ id: string; text: string; pieces: number } | null>(null);
  const frame = useRef<number | null>(null);

  const flush = useCallback(() => {
    frame.current = null;
    const pending = buffer.current;
    buffer.current = null;
    if (pending) dispatch({ type: "append", ...pending });
  }, []);

  const run = useCallback(
    (id: string, question: string) => {
      const handle = stream.ask(
        { query: question, session_id: sessionRef.current, filters: null },
        {
          onStart: () => dispatch({ type: "start", id }),
          onDelta: (text) => {
            const pending = buffer.current;
            buffer.current =
              pending && pending.id === id
                ? { id, text: pending.text + text, pieces: pending.pieces + 1 }
                : { id, text, pieces: 1 };
            if (frame.current === null) frame.current = requestAnimationFrame(flush);
          },
          onDone: (response) => {
            flush();
            if (active.current?.id === id) active.current = null;
            dispatch({ type: "done", id, response });
            onAnswered();
          },
          onError: (error: ApiError) => {
            flush();
            if (active.current?.id === id) active.current = null;
            dispatch({ type: "error", id, message: errorMessage(error), unreachable: error.status === 0 });
          },
        },
      );
      active.current = { id, handle };
    },
    [stream, flush, onAnswered],
  );

  const send = useCallback(
    (raw: string) => {
      const question = raw.trim();
      if (!question || active.current) return;
      const id = localId();
      dispatch({ type: "ask", exchange: { id, question, status: "waiting", text: "", pieces: 0,
        askedAt: new Date().toISOString() } });
      run(id, question);
    },
    [run],
  );

  const stop = useCallback(() => {
    const current = active.current;
    if (!current) return;
    flush();
    current.handle.cancel();
    active.current = null;
    dispatch({ type: "stop", id: current.id });
  }, [flush]);

  // Read through a ref so `retry` keeps one identity (answers don't re-render on every delta).
  const exchanges = useRef(state.exchanges);
  exchanges.current = state.exchanges;
  const retry = useCallback(
    (id: string) => {
      if (active.current) return;
      const exchange = exchanges.current.find((e) => e.id === id);
      if (!exchange) return;
      dispatch({ type: "retry", id });
      run(id, exchange.question);
    },
    [run],
  );

  const newChat = useCallback(() => {
    stop();
    dispatch({ type: "reset" });
  }, [stop]);

  const resume = useCallback(
    async (sessionId: string) => {
      stop();
      dispatch({ type: "loading", sessionId });
      try {
        const turns = await api.transcript(sessionId);
        dispatch({
          type: "loaded",
          sessionId,
          exchanges: turns.map((turn) => ({
            id: localId(),
            question: turn.question,
            status: "done",
            text: turn.answer,
            pieces: 0,
            restored: true,
            askedAt: turn.created_at,
            response: {
              response: turn.answer,
              sources: turn.source_ids.map(sourceFromId),
              data: null,
              session_id: sessionId,
              chat_log_id: turn.chat_log_id,
            },
          })),
        });
      } catch (error) {
        dispatch({ type: "load-failed", message: errorMessage(error) });
      }
    },
    [stop],
  );

  useEffect(
    () => () => {
      if (frame.current !== null) cancelAnimationFrame(frame.current);
      active.current?.handle.cancel();
    },
    [],
  );

  const busy = state.exchanges.some((e) => e.status === "waiting" || e.status === "streaming");
  return { ...state, busy, send, stop, retry, newChat, resume };
}
