/** Answer markdown → sanitised HTML (marked for GitHub-flavoured markdown, DOMPurify for safety). */

import DOMPurify from "dompurify";
import { Marked } from "marked";

const marked = new Marked({ gfm: true, breaks: false, async: false });

DOMPurify.addHook("afterSanitizeAttributes", (node) => {
  if (node.tagName === "A") {
    const href = node.getAttribute("href") ?? "";
    if (/^https?:\/\//i.test(href) && !href.startsWith(window.location.origin)) {
      node.setAttribute("target", "_blank");
      node.setAttribute("rel", "noopener noreferrer");
    }
  }
});

export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown) as string;
  return DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ["style", "form", "input", "button", "textarea", "select"],
  });
}

/** A link inside an answer that the side panel can show (a record or a document page). */
export function isPanelLink(href: string): boolean {
  const path = href.replace(window.location.origin, "");
  return path.startsWith("/api/records/") || path.startsWith("/api/documents/");
}
