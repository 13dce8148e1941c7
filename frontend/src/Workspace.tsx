/** The signed-in app: header, sidebar, chat or documents, and the source panel. */

import { useCallback, useEffect, useMemo, useState } from "react";
import { ChatStream, type ConnectionState } from "./api/stream";
import { useAuth } from "./auth/AuthContext";
import { ChatView } from "./chat/ChatView";
import { useChat } from "./chat/useChat";
import { SchemaView } from "./data/SchemaView";
import { DocumentsView } from "./documents/DocumentsView";
import { Sidebar, type View } from "./sessions/Sidebar";
import { useSessions } from "./sessions/useSessions";
import { PanelProvider, usePanel } from "./sources/PanelContext";
import { SourcePanel } from "./sources/SourcePanel";
import { Header } from "./ui/Header";

export function Workspace() {
  return (
    <PanelProvider>
      <WorkspaceLayout />
    </PanelProvider>
  );
}

function WorkspaceLayout() {
  const { session, config, token, signOut } = useAuth();
  const stream = useMemo(() => new ChatStream(config.websocketUrl, token), [config.websocketUrl, token]);
  const [connection, setConnection] = useState<ConnectionState>(stream.connection);
  const sessions = useSessions();
  const chat = useChat(stream, sessions.refresh);
  const panel = usePanel();
  const [view, setView] = useState<View>("chat");
  const [menuOpen, setMenuOpen] = useState(false);

  useEffect(() => {
    const unsubscribe = stream.onStateChange(setConnection);
    stream.connect();
    return () => {
      unsubscribe();
      stream.close();
    };
  }, [stream]);

  const closeMenu = useCallback(() => setMenuOpen(false), []);
  const choose = useCallback((next: View) => {
    setView(next);
    setMenuOpen(false);
  }, []);

  if (!session) return null;
  return (
    <div className={`workspace${panel.target ? " has-panel" : ""}`}>
      {view === "chat" ? (
        <a className="skip-link" href="#question">
          Skip to the question box
        </a>
      ) : (
        <a className="skip-link" href="#main">
          Skip to the content
        </a>
      )}
      <Header user={session.user} connection={connection} menuOpen={menuOpen}
        onMenu={() => setMenuOpen((open) => !open)} onSignOut={() => signOut()} />
      <Sidebar
        open={menuOpen}
        view={view}
        sessions={sessions}
        activeSession={chat.sessionId}
        onNewChat={() => {
          chat.newChat();
          choose("chat");
        }}
        onView={choose}
        onResume={(s) => {
          void chat.resume(s.session_id);
          choose("chat");
        }}
        onClose={closeMenu}
      />
      <main className="main" id="main" tabIndex={-1}>
        {view === "chat" ? <ChatView chat={chat} /> : view === "documents" ? <DocumentsView /> : <SchemaView />}
      </main>
      <SourcePanel />
    </div>
  );
}
