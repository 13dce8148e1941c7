/** Top bar: menu (phones), product name, connection state, who is signed in, sign-out. */

import type { ConnectionState } from "../api/stream";
import type { User } from "../api/types";
import { MenuIcon } from "./icons";

interface Props {
  user: User;
  connection: ConnectionState;
  menuOpen: boolean;
  onMenu: () => void;
  onSignOut: () => void;
}

const CONNECTION_TEXT: Record<ConnectionState, string> = {
  idle: "",
  connecting: "Connecting…",
  open: "Live",
  offline: "Reconnecting… (answers still work, without streaming)",
};

export function Header({ user, connection, menuOpen, onMenu, onSignOut }: Props) {
  return (
    <header className="app-header">
      <button type="button" className="btn btn-icon menu-button" aria-controls="sidebar" aria-expanded={menuOpen}
        aria-label="Menu" onClick={onMenu}>
        <MenuIcon />
      </button>
      <h1 className="brand">
        <img src="/favicon.svg" alt="" width={24} height={24} />
        <span>Awning Assistant</span>
      </h1>
      <span className={`connection connection-${connection}`} title={CONNECTION_TEXT[connection]}>
        <span className="dot" aria-hidden="true" />
        <span className="connection-text">{connection === "open" ? "Live" : CONNECTION_TEXT[connection]}</span>
      </span>
      <div className="user-box" role="group" aria-label="Signed in user">
        <span className="user-name" data-testid="user-name">
          {user.name}
        </span>
        <span className="user-meta">
          <span className={`role role-${user.role}`}>{user.role}</span>
          <span className="territories" title="Territories">
            {user.territories.length ? user.territories.join(", ") : "no territories"}
          </span>
        </span>
      </div>
      <button type="button" className="btn btn-small" onClick={onSignOut}>
        Sign out
      </button>
    </header>
  );
}
