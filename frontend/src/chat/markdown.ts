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

const SANITIZE = {
  USE_PROFILES: { html: true },
  FORBID_TAGS: ["style", "form", "input", "button", "textarea", "select"],
};

/**
 * Sanitised HTML for an answer. `omitTableColumns`: a table with exactly these headers is
 * left out, because the answer's interactive data table (sortable, exportable) shows it.
 */
export function renderMarkdown(markdown: string, omitTableColumns?: string[]): string {
  const html = marked.parse(markdown) as string;
  if (!omitTableColumns?.length) return DOMPurify.sanitize(html, SANITIZE);
  const fragment = DOMPurify.sanitize(html, { ...SANITIZE, RETURN_DOM_FRAGMENT: true });
  const wanted = omitTableColumns.map((c) => c.trim().toLowerCase()).join("\u0000");
  for (const table of fragment.querySelectorAll("table")) {
    const headers = [...table.querySelectorAll("thead th")].map((th) => (th.textContent ?? "").trim().toLowerCase());
    if (headers.join("\u0000") !== wanted) continue;
    const note = document.createElement("p");
    note.className = "table-moved";
    note.textContent = "(in the table below)";
    table.replaceWith(note);
  }
  const holder = document.createElement("div");
  holder.appendChild(fragment);
  return holder.innerHTML;
}

/** A link inside an answer that the side panel can show (a record or a document page). */
export function isPanelLink(href: string): boolean {
  const path = href.startsWith(window.location.origin) ? href.slice(window.location.origin.length) : href;
  return /^\/api\/(records|documents)\/[^/]/.test(path) && !path.includes("..") && !path.includes("//");
}
