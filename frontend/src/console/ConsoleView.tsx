/** The manager's console (managers and admins): Usage — questions, outcomes, latency, tokens and estimated
 * cost —, Review — the declined and thumbs-down answers, which admins mark reviewed — and Rules — the prompt's
 * versions, which admins edit, preview and publish. */

import { useRef, useState, type KeyboardEvent } from "react";
import { useAuth } from "../auth/AuthContext";
import { PromptPanel } from "./PromptPanel";
import { ReviewPanel } from "./ReviewPanel";
import { canChangeConsole } from "./roles";
import { UsagePanel } from "./UsagePanel";

const TABS = [
  { id: "usage", label: "Usage" },
  { id: "review", label: "Review" },
  { id: "rules", label: "Rules" },
] as const;
type Tab = (typeof TABS)[number]["id"];

function panel(tab: Tab, canChange: boolean) {
  if (tab === "usage") return <UsagePanel />;
  return tab === "review" ? <ReviewPanel canMark={canChange} /> : <PromptPanel canEdit={canChange} />;
}

export function ConsoleView() {
  const { session } = useAuth();
  const [tab, setTab] = useState<Tab>("usage");
  // A panel is mounted the first time it is chosen and then kept (hidden), so switching back keeps its state.
  const [seen, setSeen] = useState<ReadonlySet<Tab>>(() => new Set<Tab>(["usage"]));
  const choose = (next: Tab) => {
    setTab(next);
    setSeen((was) => (was.has(next) ? was : new Set([...was, next])));
  };
  const buttons = useRef<Record<string, HTMLButtonElement | null>>({});

  // Tabs as the ARIA pattern has them: one tab stop, arrows (and Home/End) move between tabs.
  const onKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = TABS.findIndex((t) => t.id === tab);
    const moves: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: TABS.length - 1 };
    const to = moves[event.key];
    if (to === undefined) return;
    event.preventDefault();
    const next = TABS[(to + TABS.length) % TABS.length];
    if (!next) return;
    choose(next.id);
    buttons.current[next.id]?.focus();
  };

  return (
    <section className="documents console" aria-labelledby="console-title">
      <h2 id="console-title">Console</h2>
      <p className="muted">How the assistant is used, what it costs, and the answers that need a second look.</p>
      <div className="tabs" role="tablist" aria-label="Console sections" onKeyDown={onKey}>
        {TABS.map((t) => (
          <button key={t.id} ref={(el) => {
            buttons.current[t.id] = el;
          }} type="button" role="tab" id={`console-tab-${t.id}`} className="tab"
            aria-selected={tab === t.id} aria-controls={`console-panel-${t.id}`} tabIndex={tab === t.id ? 0 : -1}
            onClick={() => choose(t.id)}>
            {t.label}
          </button>
        ))}
      </div>
      {TABS.map((t) => (
        <div key={t.id} className="tab-panel" role="tabpanel" id={`console-panel-${t.id}`}
          aria-labelledby={`console-tab-${t.id}`} hidden={tab !== t.id}>
          {seen.has(t.id) && panel(t.id, canChangeConsole(session?.user.role))}
        </div>
      ))}
    </section>
  );
}
