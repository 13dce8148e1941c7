/** The sign-in screen: pick a loaded user (local dev mode) or go to Cognito's hosted UI. */

import { useEffect, useState } from "react";
import { api } from "../api/client";
import { errorMessage } from "../api/http";
import type { User } from "../api/types";
import { useAuth } from "./AuthContext";

export function SignIn() {
  const { config, notice } = useAuth();
  return (
    <main className="signin">
      <div className="signin-card">
        <h1 className="brand">
          <img src="/favicon.svg" alt="" width={32} height={32} /> Awning Assistant
        </h1>
        <p className="muted">Ask about customers, orders, stock, revenue and the shop's documents.</p>
        {notice && (
          <p className="banner banner-warn" role="alert">
            {notice}
          </p>
        )}
        {config.auth === "cognito" ? <CognitoSignIn /> : <DevSignIn />}
      </div>
    </main>
  );
}

function CognitoSignIn() {
  const { cognitoSignIn } = useAuth();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="btn btn-primary btn-wide"
        onClick={() => cognitoSignIn().catch((e: unknown) => setError(errorMessage(e)))}
      >
        Sign in
      </button>
      {error && (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

function DevSignIn() {
  const { devSignIn } = useAuth();
  const [users, setUsers] = useState<User[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const load = () => {
    setError(null);
    api
      .users()
      .then(setUsers)
      .catch((e: unknown) => setError(errorMessage(e)));
  };
  useEffect(load, []);

  const choose = async (username: string) => {
    setBusy(username);
    setError(null);
    try {
      await devSignIn(username);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(null);
    }
  };

  return (
    <section aria-labelledby="signin-title">
      <h2 id="signin-title" className="signin-title">
        Sign in as <span className="tag">local dev mode</span>
      </h2>
      {error && (
        <div className="banner banner-error" role="alert">
          {error}{" "}
          <button type="button" className="btn btn-link" onClick={load}>
            Try again
          </button>
        </div>
      )}
      {!users && !error && <p className="muted">Loading users…</p>}
      {users && users.length === 0 && <p className="muted">No users are loaded. Import a users.jsonl first.</p>}
      {users && users.length > 0 && (
        <ul className="user-list">
          {users.map((user) => (
            <li key={user.username}>
              <button
                type="button"
                className="user-option"
                data-username={user.username}
                disabled={busy !== null}
                onClick={() => void choose(user.username)}
              >
                <span className="user-name">{user.name}</span>
                <span className="user-meta">
                  <span className={`role role-${user.role}`}>{user.role}</span>
                  <span>{user.territories.length ? user.territories.join(", ") : "no territories"}</span>
                  <span className="muted">@{user.username}</span>
                </span>
                {busy === user.username && <span className="spinner" aria-label="Signing in" />}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
