/** Review: declined and thumbs-down answers, newest first, a page at a time. Opening one shows the question,
 * the answer as the user saw it, what was understood, the SQL, the sources and the user's rating and comment;
 * an admin marks it reviewed (it then leaves the open list), a manager reads. */

import { useCallback, useEffect, useId, useRef, useState } from "react";
import { api } from "../api/client";
import { errorMessage } from "../api/http";
import type { ReviewItem, ReviewState } from "../api/types";
import { Markdown } from "../chat/Markdown";
import { SourceChips } from "../chat/SourceChips";
import { sourceFromId } from "../chat/sources";
import { Understood } from "../chat/Understood";
import { CheckIcon, ThumbDownIcon } from "../ui/icons";
import { relativeTime } from "../ui/time";
import { dateTime } from "./format";

const PAGE = 20;
/** The server walks a bounded number of days per request (a fortnight of its 90-day look-back), so a page can
 * come back short, or empty, with a cursor. One "load" asks again, at most this often, until it has a full page
 * or reaches the end: "Load more" then only shows when there may really be more. */
const MAX_REQUESTS_PER_LOAD = 8;

interface Props {
  /** Admins mark answers reviewed; managers read. */
  canMark: boolean;
}

function Why({ item }: { item: ReviewItem }) {
  return (
    <span className="review-tags">
      {item.outcome !== "answered" && <span className={`tag tag-${item.outcome}`}>{item.outcome}</span>}
      {item.rating === "down" && (
        <span className="tag tag-down">
          <ThumbDownIcon /> thumbs down
        </span>
      )}
      {item.reviewed_at && <span className="tag tag-reviewed">reviewed</span>}
    </span>
  );
}

function Detail({ item, canMark, onMarked }: { item: ReviewItem; canMark: boolean; onMarked: (i: ReviewItem) => void }) {
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const mark = async () => {
    setSaving(true);
    setError(null);
    try {
      onMarked(await api.markReviewed(item.chat_log_id));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="review-detail">
      <h4>Question</h4>
      <p className="review-question">{item.question}</p>

      <h4>Answer</h4>
      <div className="review-answer">
        <Markdown text={item.answer || "(no answer text)"} />
      </div>

      {item.interpretation.length > 0 && (
        <>
          <h4>What was understood</h4>
          <Understood parts={item.interpretation} />
        </>
      )}

      {item.sql && (
        <>
          <h4>How it was computed</h4>
          <pre className="review-sql">
            <code>{item.sql}</code>
          </pre>
        </>
      )}

      {item.source_ids.length > 0 && <SourceChips sources={item.source_ids.map(sourceFromId)} />}

      <h4>Feedback</h4>
      {item.rating ? (
        <p className="review-feedback">
          <span className="review-rating">{item.rating === "down" ? "Not helpful (thumbs down)" : "Helpful (thumbs up)"}</span>
          {item.comment ? (
            <q className="review-comment">{item.comment}</q>
          ) : (
            <span className="muted"> — no comment</span>
          )}
        </p>
      ) : (
        <p className="muted">No rating{item.outcome === "declined" ? ": listed because the question was declined." : "."}</p>
      )}

      <div className="review-actions">
        {item.reviewed_at ? (
          <p className="review-done" role="status">
            <CheckIcon /> Reviewed by {item.reviewed_by ?? "someone"},{" "}
            <time dateTime={item.reviewed_at} title={dateTime(item.reviewed_at)}>{relativeTime(item.reviewed_at)}</time>
          </p>
        ) : canMark ? (
          <button type="button" className="btn btn-primary btn-small" disabled={saving} onClick={() => void mark()}>
            <CheckIcon /> {saving ? "Marking…" : "Mark reviewed"}
          </button>
        ) : (
          <p className="muted review-readonly">Not reviewed yet. Only admins can mark answers reviewed.</p>
        )}
        {error && (
          <p className="field-error" role="alert">
            Not marked: {error}
          </p>
        )}
      </div>
    </div>
  );
}

export function ReviewPanel({ canMark }: Props) {
  const [state, setState] = useState<ReviewState>("open");
  const [items, setItems] = useState<ReviewItem[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [notice, setNotice] = useState("");
  const generation = useRef(0);
  const listHeading = useRef<HTMLHeadingElement>(null);
  const stateId = useId();

  /** The first page (no cursor) or the next one appended; asks again past empty stretches of days. */
  const load = useCallback(async (which: ReviewState, from: string | null) => {
    const mine = ++generation.current;
    setLoading(true);
    setError(null);
    try {
      const found: ReviewItem[] = [];
      let next: string | null = from;
      for (let n = 0; n < MAX_REQUESTS_PER_LOAD; n++) {
        const page = await api.reviews(which, next, PAGE - found.length);
        found.push(...page.items);
        next = page.cursor ?? null;
        if (found.length >= PAGE || !next) break;
      }
      if (mine !== generation.current) return;
      setItems((shown) => (from && shown ? [...shown, ...found] : found));
      setCursor(next);
    } catch (e) {
      if (mine === generation.current) setError(errorMessage(e));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    setItems(null);
    setOpenId(null);
    void load(state, null);
  }, [load, state]);

  const marked = (item: ReviewItem) => {
    if (state === "open") {
      // It leaves the open list: say so, and move focus to the next item (or the list's heading).
      const index = items?.findIndex((i) => i.chat_log_id === item.chat_log_id) ?? -1;
      const rest = items?.filter((i) => i.chat_log_id !== item.chat_log_id) ?? [];
      const next = rest[Math.min(Math.max(index, 0), rest.length - 1)];
      setItems(rest);
      setOpenId(null);
      setNotice(`Marked reviewed: "${item.question}". It has left the open list.`);
      window.requestAnimationFrame(() => {
        const target = next
          ? document.querySelector<HTMLButtonElement>(`[data-review-id="${CSS.escape(next.chat_log_id)}"] .review-toggle`)
          : listHeading.current;
        target?.focus();
      });
    } else {
      setItems((shown) => shown?.map((i) => (i.chat_log_id === item.chat_log_id ? item : i)) ?? null);
      setNotice(`Marked reviewed: "${item.question}".`);
    }
  };

  return (
    <div className="console-review">
      <div className="console-toolbar">
        <div className="field-inline">
          <label htmlFor={stateId}>Show</label>
          <select id={stateId} value={state} onChange={(e) => setState(e.target.value as ReviewState)}>
            <option value="open">Open (not reviewed)</option>
            <option value="all">All, reviewed too</option>
          </select>
        </div>
        <button type="button" className="btn btn-small" disabled={loading} onClick={() => void load(state, null)}>
          Refresh
        </button>
      </div>
      <p className="muted console-note">
        Declined questions and answers rated thumbs down, newest first, from the last 90 days.
        {canMark ? "" : " Admins mark them reviewed."}
      </p>
      <p className="sr-only" role="status" aria-live="polite">
        {notice}
      </p>

      <h3 className="documents-subtitle" id="review-list-heading" ref={listHeading} tabIndex={-1}>
        {state === "open" ? "Open answers to review" : "All answers to review"}
        {items && <span className="muted review-count"> ({items.length}{cursor ? "+" : ""})</span>}
      </h3>

      {error && (
        <p className="banner banner-error" role="alert">
          The list could not be loaded: {error}{" "}
          <button type="button" className="btn btn-link" onClick={() => void load(state, items ? cursor : null)}>
            Retry
          </button>
        </p>
      )}
      {!items && loading && (
        <p className="muted">
          <span className="spinner" aria-hidden="true" /> Loading answers to review…
        </p>
      )}
      {items && items.length === 0 && !loading && (
        <p className="muted" data-testid="reviews-empty">
          {state === "open" ? "Nothing to review: no open declined or thumbs-down answers." : "No declined or thumbs-down answers."}
        </p>
      )}
      {items && items.length > 0 && (
        <ul className="review-list" aria-labelledby="review-list-heading">
          {items.map((item) => {
            const open = openId === item.chat_log_id;
            const detailId = `review-detail-${item.chat_log_id}`;
            return (
              <li key={item.chat_log_id} className={`review-item${open ? " is-open" : ""}`}
                data-review-id={item.chat_log_id} data-reviewed={item.reviewed_at ? "yes" : "no"}>
                <button type="button" className="review-toggle" aria-expanded={open}
                  aria-controls={open ? detailId : undefined}
                  onClick={() => setOpenId(open ? null : item.chat_log_id)}>
                  <span className="review-summary">
                    <span className="review-title">{item.question || "(no question)"}</span>
                    <span className="review-meta">
                      {item.username} ·{" "}
                      <time dateTime={item.created_at} title={dateTime(item.created_at)}>
                        {relativeTime(item.created_at)}
                      </time>
                    </span>
                  </span>
                  <Why item={item} />
                  <span className="review-chevron" aria-hidden="true" />
                </button>
                {open && (
                  <div id={detailId} role="region" aria-label={`Answer to “${item.question}”`}>
                    <Detail item={item} canMark={canMark} onMarked={marked} />
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {cursor && items && (
        <button type="button" className="btn documents-more" disabled={loading} onClick={() => void load(state, cursor)}>
          {loading ? "Loading…" : "Load more"}
        </button>
      )}
    </div>
  );
}
