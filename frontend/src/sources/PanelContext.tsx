/**
 * Which source the side panel shows; any component can open one without leaving the chat.
 * The open source is mirrored in the address (`#source=/api/records/work_order/WO-1`), so a
 * record can be linked to and reopened; only API record and document links are accepted.
 */

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type { Source } from "../api/types";
import { isPanelLink } from "../chat/markdown";

export interface PanelTarget {
  /** The link to open: `/api/records/{type}/{id}` or `/api/documents/{name}#page=N`. */
  url: string;
  title: string;
  /** What opened it, so focus can return there when the panel closes. */
  opener?: HTMLElement | null;
}

interface PanelValue {
  target: PanelTarget | null;
  openSource: (source: Source, opener?: HTMLElement | null) => void;
  openUrl: (url: string, title: string, opener?: HTMLElement | null) => void;
  close: () => void;
}

const PanelContext = createContext<PanelValue | null>(null);
const HASH_KEY = "source";

export function usePanel(): PanelValue {
  const value = useContext(PanelContext);
  if (!value) throw new Error("usePanel outside PanelProvider");
  return value;
}

function fromHash(): PanelTarget | null {
  const params = new URLSearchParams(window.location.hash.replace(/^#/, ""));
  const url = params.get(HASH_KEY);
  if (!url || !isPanelLink(url)) return null;
  const title = decodeURIComponent(url.split("#")[0]?.split("/").pop() ?? url);
  return { url, title };
}

function toHash(target: PanelTarget | null): void {
  const base = window.location.pathname + window.location.search;
  const next = target ? `${base}#${HASH_KEY}=${encodeURIComponent(target.url)}` : base;
  if (next !== window.location.pathname + window.location.search + window.location.hash)
    window.history.replaceState(window.history.state, "", next);
}

export function PanelProvider({ children }: { children: ReactNode }) {
  const [target, setTarget] = useState<PanelTarget | null>(fromHash);
  const mounted = useRef(false);

  useEffect(() => {
    // A link that arrived between the first render and this effect (a navigation right after
    // sign-in) is opened, not wiped from the address.
    const arrived = mounted.current ? null : fromHash();
    mounted.current = true;
    if (!target && arrived) setTarget(arrived);
    else toHash(target);
  }, [target]);
  useEffect(() => () => toHash(null), []); // signed out: the next user starts without it
  useEffect(() => {
    const onHash = () => setTarget(fromHash());
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);

  const openUrl = useCallback(
    (url: string, title: string, opener?: HTMLElement | null) => setTarget({ url, title, opener }),
    [],
  );
  const openSource = useCallback(
    (source: Source, opener?: HTMLElement | null) =>
      setTarget({ url: source.url, title: source.title || source.id, opener }),
    [],
  );
  const close = useCallback(() => {
    setTarget((current) => {
      current?.opener?.focus();
      return null;
    });
  }, []);
  const value = useMemo(() => ({ target, openSource, openUrl, close }), [target, openSource, openUrl, close]);
  return <PanelContext.Provider value={value}>{children}</PanelContext.Provider>;
}
