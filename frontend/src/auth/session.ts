/** The signed-in session, kept in sessionStorage (per tab, gone when the tab closes). */

import type { User } from "../api/types";

const KEY = "awning.session";

export interface StoredSession {
  token: string;
  user: User;
  /** Cognito only: to renew the id token before it expires. */
  refreshToken?: string;
  /** Epoch milliseconds when the token stops being accepted, when known. */
  expiresAt?: number;
}

export function loadSession(): StoredSession | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const session = JSON.parse(raw) as StoredSession;
    if (!session.token || !session.user) return null;
    if (session.expiresAt && session.expiresAt < Date.now() && !session.refreshToken) return null;
    return session;
  } catch {
    return null;
  }
}

export function saveSession(session: StoredSession): void {
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}

/** The `exp` claim of a JWT (or dev token) in epoch milliseconds (no signature check: the API does that). */
export function jwtExpiry(token: string): number | undefined {
  // A JWT is header.payload.signature; the local dev token is payload.signature.
  const parts = token.split(".");
  const payload = parts.length >= 3 ? parts[1] : parts[0];
  if (!payload) return undefined;
  try {
    const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
    const claims = JSON.parse(json) as { exp?: number };
    return typeof claims.exp === "number" ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
