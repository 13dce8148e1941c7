/** The signed-in app: header, sidebar, chat, documents, data dictionary or console, and the source panel. */

import { useCallback, useEffect, useMemo, useState } from "react";
import { ChatStream, type ConnectionState } from "./api/stream";
import { useAuth } from "./auth/AuthContext";
import { ChatView } from "./chat/ChatView";
import { useChat } from "./chat/useChat";
import { SchemaView } from "./data/SchemaView";
import { ConsoleView } from "./console/ConsoleView";
import { canSeeConsole } from "./console/roles";
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
  const showConsole = canSeeConsole(session.user.role);
  // Staff have no console: a view they cannot open is the chat.
  const shown: View = view === "console" && !showConsole ? "chat" : view;
  return (
    <div className={`workspace${panel.target ? " has-panel" : ""}`}>
      {shown === "chat" ? (
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
        view={shown}
        sessions={sessions}
        activeSession={chat.sessionId}
        showConsole={showConsole}
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
        {shown === "chat" ? (
          <ChatView chat={chat} />
        ) : shown === "documents" ? (
          <DocumentsView />
        ) : shown === "console" ? (
          <ConsoleView />
        ) : (
          <SchemaView />
        )}
      </main>
      <SourcePanel />
    </div>
  );
}
