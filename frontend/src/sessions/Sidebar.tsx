/** Navigation: new chat, chat / documents / data dictionary / console (managers and admins), and the list of past conversations to resume. */

import type { SessionSummary } from "../api/types";
import { useEffect, useRef } from "react";
import { ChartIcon, ChatIcon, CloseIcon, DocumentIcon, PlusIcon, TableIcon } from "../ui/icons";
import { relativeTime } from "../ui/time";
import type { Sessions } from "./useSessions";

export type View = "chat" | "documents" | "data" | "console";

interface Props {
  open: boolean;
  view: View;
  sessions: Sessions;
  activeSession: string | null;
  /** The manager's console entry (managers and admins only). */
  showConsole: boolean;
  onNewChat: () => void;
  onView: (view: View) => void;
  onResume: (session: SessionSummary) => void;
  onClose: () => void;
}

export function Sidebar({ open, view, sessions, activeSession, showConsole, onNewChat, onView, onResume, onClose }: Props) {
  const closeButton = useRef<HTMLButtonElement>(null);

  // As a drawer (phones): focus moves into it, and Escape closes it.
  useEffect(() => {
    if (!open) return;
    closeButton.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open, onClose]);

  return (
    <>
      <nav id="sidebar" className={`sidebar${open ? " is-open" : ""}`} aria-label="Conversations and documents">
        <div className="sidebar-top">
          <button type="button" className="btn btn-primary btn-wide" onClick={onNewChat}>
            <PlusIcon /> New chat
          </button>
          <button ref={closeButton} type="button" className="btn btn-icon drawer-close" aria-label="Close menu"
            onClick={onClose}>
            <CloseIcon />
          </button>
        </div>
        <ul className="nav-list">
          <li>
            <button type="button" className="nav-item" aria-current={view === "chat" ? "page" : undefined}
              onClick={() => onView("chat")}>
              <ChatIcon /> Chat
            </button>
          </li>
          <li>
            <button type="button" className="nav-item" aria-current={view === "documents" ? "page" : undefined}
              onClick={() => onView("documents")}>
              <DocumentIcon /> Documents
            </button>
          </li>
          <li>
            <button type="button" className="nav-item" aria-current={view === "data" ? "page" : undefined}
              onClick={() => onView("data")}>
              <TableIcon /> Data dictionary
            </button>
          </li>
          {showConsole && (
            <li>
              <button type="button" className="nav-item" aria-current={view === "console" ? "page" : undefined}
                onClick={() => onView("console")}>
                <ChartIcon /> Console
              </button>
            </li>
          )}
        </ul>
        <h2 className="sidebar-heading" id="history-heading">
          Recent conversations
        </h2>
        {sessions.error && (
          <p className="sidebar-note" role="alert">
            {sessions.error}{" "}
            <button type="button" className="btn btn-link" onClick={sessions.refresh}>
              Retry
            </button>
          </p>
        )}
        {!sessions.error && !sessions.loading && sessions.items.length === 0 && (
          <p className="sidebar-note muted">Your conversations will appear here.</p>
        )}
        <ul className="session-list" aria-labelledby="history-heading">
          {sessions.items.map((session) => (
            <li key={session.session_id}>
              <button
                type="button"
                className="session-item"
                data-session-id={session.session_id}
                aria-current={session.session_id === activeSession && view === "chat" ? "true" : undefined}
                onClick={() => onResume(session)}
              >
                <span className="session-title">{session.title || "Untitled conversation"}</span>
                <span className="session-meta">
                  {relativeTime(session.updated_at)} · {session.turns} {session.turns === 1 ? "question" : "questions"}
                </span>
              </button>
            </li>
          ))}
        </ul>
      </nav>
      {open && <div className="scrim" aria-hidden="true" onClick={onClose} />}
    </>
  );
}
