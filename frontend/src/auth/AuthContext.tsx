/** Who is signed in, how (dev login or Cognito), and the actions to sign in and out. */

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { api, loadConfig } from "../api/client";
import { configureHttp, errorMessage } from "../api/http";
import type { AppConfig } from "../api/types";
import { beginSignIn, completeSignIn, refresh, signOutUrl, type CognitoTokens } from "./cognito";
import { clearSession, jwtExpiry, loadSession, saveSession, type StoredSession } from "./session";

type Status = "loading" | "signed-out" | "signed-in";

interface AuthValue {
  status: Status;
  config: AppConfig;
  session: StoredSession | null;
  /** Why the user is looking at the sign-in screen (expired session, failed sign-in). */
  notice: string | null;
  devSignIn: (username: string) => Promise<void>;
  cognitoSignIn: () => Promise<void>;
  signOut: (notice?: string) => void;
  token: () => string | null;
}

const AuthContext = createContext<AuthValue | null>(null);

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth outside AuthProvider");
  return value;
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<Status>("loading");
  const [config, setConfig] = useState<AppConfig>({ auth: "dev" });
  const [session, setSession] = useState<StoredSession | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const sessionRef = useRef<StoredSession | null>(null);

  const adopt = useCallback((next: StoredSession | null) => {
    sessionRef.current = next;
    setSession(next);
    if (next) saveSession(next);
    else clearSession();
    setStatus(next ? "signed-in" : "signed-out");
  }, []);

  const signOut = useCallback(
    (why?: string) => {
      const wasCognito = config.auth === "cognito" && config.cognito && sessionRef.current && !why;
      adopt(null);
      setNotice(why ?? null);
      if (wasCognito && config.cognito) window.location.assign(signOutUrl(config.cognito));
    },
    [adopt, config],
  );

  const token = useCallback(() => sessionRef.current?.token ?? null, []);

  useEffect(() => {
    configureHttp(token, () => signOut("Your session has ended. Please sign in again."));
  }, [token, signOut]);

  const fromCognito = useCallback(
    async (tokens: CognitoTokens, refreshToken?: string): Promise<StoredSession> => {
      const provisional: StoredSession = {
        token: tokens.idToken,
        user: { username: "", name: "", role: "staff", territories: [] },
        refreshToken: tokens.refreshToken ?? refreshToken,
        expiresAt: jwtExpiry(tokens.idToken) ?? Date.now() + tokens.expiresIn * 1000,
      };
      sessionRef.current = provisional;
      const user = await api.me();
      return { ...provisional, user };
    },
    [],
  );

  // Start-up: read /config.json, finish a Cognito redirect, or restore the tab's session.
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const loaded = await loadConfig();
      if (cancelled) return;
      setConfig(loaded);
      try {
        if (loaded.auth === "cognito" && loaded.cognito) {
          const tokens = await completeSignIn(loaded.cognito);
          if (tokens) {
            const next = await fromCognito(tokens);
            if (!cancelled) adopt(next);
            return;
          }
        }
      } catch (error) {
        if (!cancelled) {
          setNotice(errorMessage(error));
          adopt(null);
        }
        return;
      }
      const stored = loadSession();
      if (!cancelled) adopt(stored);
    })();
    return () => {
      cancelled = true;
    };
  }, [adopt, fromCognito]);

  // Cognito id tokens last an hour: renew a minute before expiry while a refresh token exists.
  useEffect(() => {
    const cognito = config.cognito;
    if (config.auth !== "cognito" || !cognito || !session?.refreshToken || !session.expiresAt) return;
    const refreshToken = session.refreshToken;
    const delay = Math.max(session.expiresAt - Date.now() - 60_000, 0);
    const timer = window.setTimeout(() => {
      refresh(cognito, refreshToken)
        .then((tokens) => fromCognito(tokens, refreshToken))
        .then(adopt)
        .catch(() => signOut("Your session has ended. Please sign in again."));
    }, delay);
    return () => window.clearTimeout(timer);
  }, [config, session, adopt, fromCognito, signOut]);

  const devSignIn = useCallback(
    async (username: string) => {
      const { token: bearer, user } = await api.devLogin(username);
      setNotice(null);
      adopt({ token: bearer, user, expiresAt: jwtExpiry(bearer) });
    },
    [adopt],
  );

  const cognitoSignIn = useCallback(async () => {
    if (!config.cognito) throw new Error("Cognito is not configured (config.json has no cognito section).");
    await beginSignIn(config.cognito);
  }, [config]);

  const value = useMemo<AuthValue>(
    () => ({ status, config, session, notice, devSignIn, cognitoSignIn, signOut, token }),
    [status, config, session, notice, devSignIn, cognitoSignIn, signOut, token],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
