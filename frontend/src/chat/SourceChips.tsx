/** An answer's sources as chips; each opens its record or document page in the side panel. */

import { useState } from "react";
import type { Source } from "../api/types";
import { usePanel } from "../sources/PanelContext";
import { documentName, sourceKey, sourceLabel, TYPE_LABELS } from "./sources";

/** Shown before "Show all": enough for most answers, short for long stock lists. */
const FIRST = 6;

export function SourceChips({ sources }: { sources: Source[] }) {
  const { openSource, target } = usePanel();
  const [expanded, setExpanded] = useState(false);
  if (sources.length === 0) return null;
  const unique = [...new Map(sources.map((s) => [sourceKey(s), s])).values()];
  const shown = expanded ? unique : unique.slice(0, FIRST);
  return (
    <section className="sources" aria-label="Sources">
      <h3 className="sources-title">
        Sources <span className="sources-count">({unique.length})</span>
      </h3>
      <ul className="chips">
        {shown.map((source) => (
          <li key={sourceKey(source)}>
            <button
              type="button"
              className={`chip chip-${source.type}`}
              data-source-id={source.id}
              data-source-type={source.type}
              aria-pressed={target?.url === source.url}
              title={`Open ${TYPE_LABELS[source.type] ?? source.type} ${sourceLabel(source)}`}
              onClick={(event) => openSource(source, event.currentTarget)}
            >
              <span className="chip-kind">{TYPE_LABELS[source.type] ?? source.type}</span>
              {source.type === "document" && source.page ? (
                <>
                  <span className="chip-label">{documentName(source)}</span>
                  <span className="chip-page">page {source.page}</span>
                </>
              ) : (
                <span className="chip-label">{sourceLabel(source)}</span>
              )}
            </button>
          </li>
        ))}
        {unique.length > FIRST && (
          <li>
            <button type="button" className="btn btn-link chip-more" aria-expanded={expanded}
              onClick={() => setExpanded((e) => !e)}>
              {expanded ? "Show fewer" : `Show all ${unique.length}`}
            </button>
          </li>
        )}
      </ul>
    </section>
  );
}
