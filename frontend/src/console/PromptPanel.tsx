/** Rules: the prompt's versions — the house rules the model follows and the questions offered after a decline.
 * Admins edit a copy of any version, save it as a new version, preview it by asking a question with it, and
 * publish it (publishing an older one rolls back); managers read. The safety rules (data fences, no card
 * numbers, refusals) are fixed and not shown here. */

import { useCallback, useEffect, useId, useState } from "react";
import { api } from "../api/client";
import { errorMessage } from "../api/http";
import type { PromptDraft, PromptPreview, PromptVersion, SuggestedQuestion } from "../api/types";
import { Markdown } from "../chat/Markdown";
import { relativeTime } from "../ui/time";
import { dateTime } from "./format";

const PAGE = 20;

interface Props {
  /** Admins save, preview and publish; managers read. */
  canEdit: boolean;
}

function draftOf(v: PromptVersion): PromptDraft {
  return { rules: v.rules, suggestions: v.suggestions.map((s) => ({ ...s })), note: "" };
}

function sameDraft(a: PromptDraft, b: PromptDraft): boolean {
  return a.rules === b.rules && JSON.stringify(a.suggestions) === JSON.stringify(b.suggestions);
}

function Suggestions({ items, canEdit, onChange }: {
  items: SuggestedQuestion[]; canEdit: boolean; onChange: (next: SuggestedQuestion[]) => void;
}) {
  const set = (i: number, change: Partial<SuggestedQuestion>) =>
    onChange(items.map((s, j) => (j === i ? { ...s, ...change } : s)));
  return (
    <fieldset className="prompt-suggestions">
      <legend>Suggested questions</legend>
      <p className="muted console-note">
        Offered as buttons when a question is declined, the closest first. <code>{"{order}"}</code>,{" "}
        <code>{"{customer}"}</code> or <code>{"{material}"}</code> is filled from the question.
      </p>
      <ol>
        {items.map((s, i) => (
          <li key={i} className="suggestion-row">
            <input type="text" aria-label={`Suggested question ${i + 1}`} value={s.text} readOnly={!canEdit}
              maxLength={200} onChange={(e) => set(i, { text: e.target.value })} />
            <label className="suggestion-managers">
              <input type="checkbox" checked={s.managers_only} disabled={!canEdit}
                onChange={(e) => set(i, { managers_only: e.target.checked })} />
              managers only
            </label>
            {canEdit && (
              <button type="button" className="btn btn-small" aria-label={`Remove suggested question ${i + 1}`}
                disabled={items.length <= 1} onClick={() => onChange(items.filter((_, j) => j !== i))}>
                Remove
              </button>
            )}
          </li>
        ))}
      </ol>
      {canEdit && (
        <button type="button" className="btn btn-small" disabled={items.length >= 30}
          onClick={() => onChange([...items, { text: "", managers_only: false }])}>
          Add a question
        </button>
      )}
    </fieldset>
  );
}

function Preview({ version }: { version: number }) {
  const [question, setQuestion] = useState("");
  const [result, setResult] = useState<PromptPreview | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const ask = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult(await api.previewPrompt(version, question));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="prompt-preview" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>Preview version {version}</h4>
      <form className="prompt-preview-form" onSubmit={(e) => {
        e.preventDefault();
        if (question.trim()) void ask();
      }}>
        <label htmlFor={`${id}-q`} className="sr-only">Question to preview</label>
        <input id={`${id}-q`} type="text" value={question} maxLength={2000}
          placeholder="Ask a question with this version" onChange={(e) => setQuestion(e.target.value)} />
        <button type="submit" className="btn btn-small" disabled={busy || !question.trim()}>
          {busy ? "Asking…" : "Ask"}
        </button>
      </form>
      {error && <p className="field-error" role="alert">The preview failed: {error}</p>}
      {result && (
        <div className="prompt-preview-answer" data-testid="prompt-preview-answer" aria-live="polite">
          {result.outcome && result.outcome !== "answered" && (
            <span className={`tag tag-${result.outcome}`}>{result.outcome}</span>
          )}
          {result.notice && <p className="muted">{result.notice}</p>}
          <Markdown text={result.response} />
        </div>
      )}
    </section>
  );
}

export function PromptPanel({ canEdit }: Props) {
  const [versions, setVersions] = useState<PromptVersion[] | null>(null);
  const [before, setBefore] = useState<number | null>(null);
  const [selected, setSelected] = useState<PromptVersion | null>(null);
  const [draft, setDraft] = useState<PromptDraft | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState("");
  const rulesId = useId();
  const noteId = useId();

  const choose = (v: PromptVersion) => {
    setSelected(v);
    setDraft(draftOf(v));
  };

  const load = useCallback(async (from: number | null, keep?: number) => {
    setBusy(true);
    setError(null);
    try {
      const page = await api.promptVersions(from, PAGE);
      setVersions((shown) => (from && shown ? [...shown, ...page.versions] : page.versions));
      setBefore(page.before ?? null);
      if (!from) {
        const pick = page.versions.find((v) => v.version === (keep ?? page.published)) ?? page.versions[0];
        if (pick) choose(pick);
      }
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }, []);

  useEffect(() => {
    void load(null);
  }, [load]);

  const act = async (what: () => Promise<PromptVersion>, done: (v: PromptVersion) => string) => {
    setBusy(true);
    setError(null);
    try {
      const v = await what();
      setNotice(done(v));
      await load(null, v.version);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  const published = versions?.find((v) => v.published)?.version ?? 0;
  const dirty = !!(selected && draft && !sameDraft(draft, draftOf(selected)));
  const save = () => draft && void act(() => api.savePrompt(draft),
    (v) => `Saved as version ${v.version}. Preview it, then publish it to use it.`);
  const publish = () => selected && void act(() => api.publishPrompt(selected.version),
    (v) => `Version ${v.version} is now the one the assistant uses.`);

  return (
    <div className="console-prompts">
      <p className="muted console-note">
        The house rules the model answers by and the questions offered when one is declined. Every save is a new
        version; the assistant uses the published one (within half a minute on every server).
        {canEdit ? "" : " Admins edit and publish."}
      </p>
      <p className="sr-only" role="status" aria-live="polite">{notice}</p>
      {notice && <p className="banner banner-ok" data-testid="prompt-notice">{notice}</p>}
      {error && <p className="banner banner-error" role="alert">{error}</p>}
      <div className="prompt-layout">
        <div className="prompt-versions">
          <h3 className="documents-subtitle" id="prompt-versions-heading">Versions</h3>
          {!versions && busy && <p className="muted"><span className="spinner" aria-hidden="true" /> Loading…</p>}
          {versions && (
            <ul aria-labelledby="prompt-versions-heading">
              {versions.map((v) => (
                <li key={v.version}>
                  <button type="button" className={`prompt-version${selected?.version === v.version ? " is-selected" : ""}`}
                    aria-pressed={selected?.version === v.version} data-version={v.version} onClick={() => choose(v)}>
                    <span className="prompt-version-title">
                      Version {v.version}
                      {v.published && <span className="tag tag-reviewed">published</span>}
                    </span>
                    <span className="prompt-version-meta">
                      {v.version === 0 ? "built in" : (
                        <>
                          {v.author} ·{" "}
                          <time dateTime={v.created_at} title={dateTime(v.created_at)}>{relativeTime(v.created_at)}</time>
                        </>
                      )}
                    </span>
                    {v.note && <span className="prompt-version-note">{v.note}</span>}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {before && (
            <button type="button" className="btn btn-small documents-more" disabled={busy} onClick={() => void load(before)}>
              Load older
            </button>
          )}
        </div>
        {selected && draft && (
          <div className="prompt-editor" data-testid="prompt-editor">
            <h3 className="documents-subtitle">
              Version {selected.version}
              {selected.published ? " (published)" : ""}
            </h3>
            <label htmlFor={rulesId} className="prompt-label">House rules</label>
            <textarea id={rulesId} className="prompt-rules" rows={8} value={draft.rules} readOnly={!canEdit}
              maxLength={4000} onChange={(e) => setDraft({ ...draft, rules: e.target.value })} />
            <Suggestions items={draft.suggestions} canEdit={canEdit}
              onChange={(suggestions) => setDraft({ ...draft, suggestions })} />
            {canEdit && (
              <div className="prompt-actions">
                <label htmlFor={noteId} className="prompt-label">What changed</label>
                <input id={noteId} type="text" value={draft.note} maxLength={200} placeholder="A note for the version list"
                  onChange={(e) => setDraft({ ...draft, note: e.target.value })} />
                <div className="prompt-buttons">
                  <button type="button" className="btn btn-primary btn-small" disabled={busy || !dirty} onClick={save}>
                    Save as a new version
                  </button>
                  {selected.published ? (
                    <span className="muted prompt-in-use">
                      In use{selected.published_at ? `, published by ${selected.published_by ?? "an admin"} ${
                        relativeTime(selected.published_at)}` : " (never changed)"}
                    </span>
                  ) : (
                    <button type="button" className="btn btn-small" disabled={busy || dirty} onClick={publish}>
                      {selected.version < published ? `Roll back to version ${selected.version}`
                        : `Publish version ${selected.version}`}
                    </button>
                  )}
                </div>
                {dirty && <p className="muted console-note">Save your changes as a version to preview or publish them.</p>}
              </div>
            )}
            {canEdit && !dirty && <Preview key={selected.version} version={selected.version} />}
          </div>
        )}
      </div>
    </div>
  );
}
