/** The side panel: the record or document page a source links to, fetched on open. */

import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "../api/client";
import { errorMessage } from "../api/http";
import type { DocumentPage, RecordView } from "../api/types";
import { isPanelLink } from "../chat/markdown";
import { targetOf } from "../chat/sources";
import { CloseIcon } from "../ui/icons";
import { DocumentPageView } from "./DocumentPageView";
import { usePanel } from "./PanelContext";
import { RecordDetails } from "./RecordDetails";

type Content =
  | { state: "loading" }
  | { state: "error"; message: string }
  | { state: "record"; view: RecordView }
  | { state: "document"; page: DocumentPage };

export function SourcePanel() {
  const { target, close } = usePanel();
  const [content, setContent] = useState<Content>({ state: "loading" });
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const request = useRef(0);

  const load = useCallback(async (url: string, page?: number) => {
    const id = ++request.current;
    if (!isPanelLink(url)) {
      // Only the API's own record and document links: never send the token anywhere else.
      setContent({ state: "error", message: "This link can't be opened here." });
      return;
    }
    const where = targetOf(url);
    setBusy(true);
    if (page === undefined) setContent({ state: "loading" });
    try {
      const next: Content =
        where.kind === "document"
          ? { state: "document", page: await api.documentPage(where.name, page ?? where.page) }
          : { state: "record", view: await api.record(where.url) };
      if (id === request.current) setContent(next);
    } catch (error) {
      if (id === request.current) setContent({ state: "error", message: errorMessage(error) });
    } finally {
      if (id === request.current) setBusy(false);
    }
  }, []);

  useEffect(() => {
    if (!target) return;
    void load(target.url);
    heading.current?.focus();
  }, [target, load]);

  useEffect(() => {
    if (!target) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") close();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [target, close]);

  if (!target) return null;
  return (
    <aside className="source-panel" aria-labelledby="source-panel-title" data-state={content.state}>
      <header className="panel-header">
        <h2 id="source-panel-title" ref={heading} tabIndex={-1} className="panel-heading">
          Source
        </h2>
        <button type="button" className="btn btn-icon" onClick={close} aria-label="Close source panel">
          <CloseIcon />
        </button>
      </header>
      <div className="panel-body" aria-busy={busy}>
        {content.state === "loading" && (
          <p className="muted" role="status">
            Loading {target.title}…
          </p>
        )}
        {content.state === "error" && (
          <div className="banner banner-error panel-error" role="alert">
            <strong>{target.title}</strong>
            <p>{content.message}</p>
          </div>
        )}
        {content.state === "record" && <RecordDetails view={content.view} />}
        {content.state === "document" && (
          <DocumentPageView page={content.page} busy={busy} onPage={(page) => void load(target.url, page)} />
        )}
      </div>
    </aside>
  );
}
