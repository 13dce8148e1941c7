/**
 * Cognito hosted UI: OAuth 2.0 authorization-code flow with PKCE (no client secret in the SPA).
 * The id token is the API's bearer token (API Gateway's Cognito authorizer reads its claims).
 */

import type { CognitoConfig } from "../api/types";

const VERIFIER_KEY = "awning.pkce.verifier";
const STATE_KEY = "awning.pkce.state";

export interface CognitoTokens {
  idToken: string;
  refreshToken?: string;
  expiresIn: number;
}

function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function randomString(bytes = 48): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

async function challengeFor(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

function origin(config: CognitoConfig): string {
  const domain = config.domain.replace(/\/+$/, "");
  return /^https?:\/\//.test(domain) ? domain : `https://${domain}`;
}

/** Send the browser to the hosted sign-in page. */
export async function beginSignIn(config: CognitoConfig): Promise<void> {
  const verifier = randomString();
  const state = randomString(16);
  sessionStorage.setItem(VERIFIER_KEY, verifier);
  sessionStorage.setItem(STATE_KEY, state);
  const params = new URLSearchParams({
    response_type: "code",
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    scope: "openid email profile",
    state,
    code_challenge_method: "S256",
    code_challenge: await challengeFor(verifier),
  });
  window.location.assign(`${origin(config)}/oauth2/authorize?${params.toString()}`);
}

async function tokenRequest(config: CognitoConfig, params: Record<string, string>): Promise<CognitoTokens> {
  const response = await fetch(`${origin(config)}/oauth2/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ client_id: config.clientId, ...params }).toString(),
  });
  if (!response.ok) throw new Error("Sign-in failed: Cognito did not accept the sign-in code. Please sign in again.");
  const body = (await response.json()) as { id_token: string; refresh_token?: string; expires_in: number };
  return { idToken: body.id_token, refreshToken: body.refresh_token, expiresIn: body.expires_in };
}

/**
 * If this page load is the hosted UI's redirect back (`?code=…&state=…`), exchange the code
 * for tokens and tidy the address bar. Returns null on an ordinary page load.
 */
export async function completeSignIn(config: CognitoConfig): Promise<CognitoTokens | null> {
  const url = new URL(window.location.href);
  const code = url.searchParams.get("code");
  const state = url.searchParams.get("state");
  const error = url.searchParams.get("error_description") ?? url.searchParams.get("error");
  if (!code && !error) return null;
  url.search = "";
  window.history.replaceState(null, "", url.toString());
  if (error) throw new Error(`Sign-in failed: ${error}`);
  const verifier = sessionStorage.getItem(VERIFIER_KEY);
  const expected = sessionStorage.getItem(STATE_KEY);
  sessionStorage.removeItem(VERIFIER_KEY);
  sessionStorage.removeItem(STATE_KEY);
  if (!verifier || !state || state !== expected) throw new Error("Sign-in failed: the sign-in response did not match. Please sign in again.");
  return tokenRequest(config, {
    grant_type: "authorization_code",
    code: code ?? "",
    redirect_uri: config.redirectUri,
    code_verifier: verifier,
  });
}

export function refresh(config: CognitoConfig, refreshToken: string): Promise<CognitoTokens> {
  return tokenRequest(config, { grant_type: "refresh_token", refresh_token: refreshToken });
}

/** End the hosted UI session too, then come back to the app. */
export function signOutUrl(config: CognitoConfig): string {
  const params = new URLSearchParams({ client_id: config.clientId, logout_uri: config.redirectUri });
  return `${origin(config)}/logout?${params.toString()}`;
}
