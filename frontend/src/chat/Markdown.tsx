/** Sanitised markdown; links to records and documents open in the side panel. */

import { memo, useMemo, type MouseEvent } from "react";
import { usePanel } from "../sources/PanelContext";
import { isPanelLink, renderMarkdown } from "./markdown";

interface Props {
  text: string;
  className?: string;
  /** Leave out the table with these headers (shown as the interactive data table instead). */
  omitTableColumns?: string[];
}

export const Markdown = memo(function Markdown({ text, className, omitTableColumns }: Props) {
  const { openUrl } = usePanel();
  const html = useMemo(() => renderMarkdown(text, omitTableColumns), [text, omitTableColumns]);

  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    const link = (event.target as HTMLElement).closest("a");
    const href = link?.getAttribute("href");
    if (!link || !href || !isPanelLink(href) || event.metaKey || event.ctrlKey) return;
    event.preventDefault();
    openUrl(href, link.textContent ?? href, link);
  };

  return (
    // Clicks are delegated to the links inside (Enter on a focused link is a click too).
    <div className={`markdown ${className ?? ""}`} onClick={onClick} dangerouslySetInnerHTML={{ __html: html }} />
  );
});
