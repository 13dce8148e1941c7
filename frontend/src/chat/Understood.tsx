/** "What I understood": the labelled parts of how a question was read (what was counted, filters,
 * period, territory), as chips above the answer, so a misreading shows before the figure is trusted. */

import type { InterpretationPart } from "../api/types";

export function Understood({ parts }: { parts: InterpretationPart[] }) {
  if (parts.length === 0) return null;
  return (
    <ul className="understood" aria-label="What I understood">
      {parts.map((part) => (
        <li key={`${part.label}:${part.value}`} className="understood-part">
          <span className="understood-label">{part.label}</span> {part.value}
        </li>
      ))}
    </ul>
  );
}
