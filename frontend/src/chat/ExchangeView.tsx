/** One question and its answer: typing indicator, what was understood, streamed text, sources, data,
 * the SQL behind a computed answer, feedback, errors. */

import { memo } from "react";
import { DataView } from "../data/DataView";
import { RetryIcon } from "../ui/icons";
import { Feedback } from "./Feedback";
import { Markdown } from "./Markdown";
import { SourceChips } from "./SourceChips";
import { Understood } from "./Understood";
import type { Exchange } from "./useChat";

interface Props {
  exchange: Exchange;
  onRetry: (id: string) => void;
}

function TypingIndicator() {
  return (
    <span className="typing" role="status" aria-label="The assistant is answering">
      <span />
      <span />
      <span />
    </span>
  );
}

/** The statement behind a computed answer, folded away: there to check, not to read first. */
function ComputedWith({ sql }: { sql: string }) {
  return (
    <details className="computed-with">
      <summary>How this was computed</summary>
      <pre>
        <code>{sql}</code>
      </pre>
    </details>
  );
}

export const ExchangeView = memo(function ExchangeView({ exchange, onRetry }: Props) {
  const { status, response } = exchange;
  const streaming = status === "waiting" || status === "streaming";
  return (
    <article className="exchange" data-status={status} data-outcome={response?.outcome} data-exchange-id={exchange.id}>
      <div className="bubble bubble-user">
        <h2 className="sr-only">You asked</h2>
        <p className="question">{exchange.question}</p>
      </div>
      <div className="bubble bubble-answer" aria-live={streaming ? "off" : "polite"} aria-busy={streaming}>
        <h2 className="sr-only">Answer</h2>
        {status === "waiting" && <TypingIndicator />}
        {status === "done" && response?.interpretation && <Understood parts={response.interpretation} />}
        {exchange.text && (
          <Markdown
            text={exchange.text}
            className={`answer-text${status === "streaming" ? " is-streaming" : ""}`}
            omitTableColumns={status === "done" && response?.data?.rows.length ? response.data.columns : undefined}
          />
        )}
        {status === "streaming" && <span className="sr-only">Answer in progress…</span>}
        {status === "stopped" && <p className="answer-note muted">Stopped.</p>}
        {status === "error" && exchange.error && (
          <div className={`banner ${exchange.error.unreachable ? "banner-warn" : "banner-error"}`} role="alert">
            <span>{exchange.error.message}</span>
            <button type="button" className="btn btn-small" onClick={() => onRetry(exchange.id)}>
              <RetryIcon /> Retry
            </button>
          </div>
        )}
        {status === "done" && response && (
          <>
            {response.notice && <p className="answer-notice">{response.notice}</p>}
            {response.data && response.data.rows.length > 0 && (
              <DataView table={response.data} question={exchange.question}
                answer={{ text: exchange.text, interpretation: response.interpretation, notice: response.notice,
                  askedAt: exchange.askedAt }} />
            )}
            {response.sql && <ComputedWith sql={response.sql} />}
            <SourceChips sources={response.sources} />
            {response.chat_log_id && <Feedback chatLogId={response.chat_log_id} />}
          </>
        )}
      </div>
    </article>
  );
});
