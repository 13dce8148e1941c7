/**
 * The conversation: messages (kept pinned to the bottom while an answer streams, unless the
 * reader has scrolled up), quick actions, follow-up suggestions and the composer.
 */

import { useCallback, useEffect, useLayoutEffect, useRef } from "react";
import { BoxIcon, ChartIcon, ClockIcon, QueueIcon } from "../ui/icons";
import { Composer, type ComposerHandle } from "./Composer";
import { ExchangeView } from "./ExchangeView";
import { followUps, QUICK_ACTIONS } from "./suggestions";
import type { Chat } from "./useChat";

const PIN_DISTANCE = 48;
const QUICK_ICONS = { queue: QueueIcon, overdue: ClockIcon, stock: BoxIcon, revenue: ChartIcon };

export function ChatView({ chat }: { chat: Chat }) {
  const scroller = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const composer = useRef<ComposerHandle>(null);
  const last = chat.exchanges[chat.exchanges.length - 1];

  const onScroll = () => {
    const el = scroller.current;
    if (el) pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < PIN_DISTANCE;
  };

  // After every render that changed the conversation, follow the bottom if the reader is there.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  });

  // A new question always brings the bottom into view.
  const count = chat.exchanges.length;
  useEffect(() => {
    pinned.current = true;
  }, [count, chat.sessionId]);

  // Charts and fonts can change height after the render: keep pinned through resizes too.
  useEffect(() => {
    const el = scroller.current;
    const content = el?.firstElementChild;
    if (!el || !content || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() => {
      if (pinned.current) el.scrollTop = el.scrollHeight;
    });
    observer.observe(content);
    return () => observer.disconnect();
  }, []);

  const ask = useCallback(
    (question: string) => {
      chat.send(question);
      composer.current?.focus();
    },
    [chat],
  );

  const suggestions = last?.status === "done" && !chat.busy ? followUps(last.question, last.response) : [];
  const instead = last?.response?.outcome === "declined" || last?.response?.outcome === "denied";

  return (
    <section className="chat" aria-label="Conversation">
      <div className="messages" ref={scroller} onScroll={onScroll}>
        <div className="messages-inner">
          {chat.loading && (
            <p className="muted center" role="status">
              Loading conversation…
            </p>
          )}
          {chat.loadError && (
            <p className="banner banner-error" role="alert">
              {chat.loadError}
            </p>
          )}
          {count === 0 && !chat.loading && (
            <div className="welcome">
              <h2>What do you need to know?</h2>
              <p className="muted">
                Ask in plain English: answers come from the shop's own records and documents, with links to each
                source.
              </p>
            </div>
          )}
          <ol className="exchanges" aria-label="Messages">
            {chat.exchanges.map((exchange) => (
              <li key={exchange.id}>
                <ExchangeView exchange={exchange} onRetry={chat.retry} />
              </li>
            ))}
          </ol>
          {suggestions.length > 0 && (
            <nav className="follow-ups" aria-label={instead ? "Questions I can answer" : "Suggested follow-up questions"}>
              {instead && <span className="follow-ups-title">I can answer:</span>}
              {suggestions.map((question) => (
                <button key={question} type="button" className="suggestion" onClick={() => ask(question)}>
                  {question}
                </button>
              ))}
            </nav>
          )}
        </div>
      </div>
      <div className="composer-area">
        <nav className="quick-actions" aria-label="Quick actions">
          {QUICK_ACTIONS.map((action) => {
            const QuickIcon = QUICK_ICONS[action.icon];
            return (
              <button key={action.label} type="button" className="quick-action" disabled={chat.busy}
                title={action.question} onClick={() => ask(action.question)}>
                <QuickIcon /> {action.label}
              </button>
            );
          })}
        </nav>
        <Composer ref={composer} busy={chat.busy} onSend={ask} onStop={chat.stop} />
      </div>
    </section>
  );
}
