/** Answer markdown → sanitised HTML (marked for GitHub-flavoured markdown, DOMPurify for safety). */

import DOMPurify from "dompurify";
import { Marked } from "marked";

const marked = new Marked({ gfm: true, breaks: false, async: false });

// Answers are model output and may repeat injected document text, so the HTML is allow-listed: no
// attribute can fetch anything (no src, srcset, style, ...), and only links to the app's own records
// and documents stay links (see keepOwnLinksOnly). An image or a foreign link would otherwise be a way
// to send what the answer contains to somebody else's server.
const SANITIZE = {
  ALLOWED_TAGS: [
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code", "ul", "ol", "li",
    "table", "thead", "tbody", "tr", "th", "td", "strong", "b", "em", "i", "del", "s", "sub", "sup", "a", "img",
  ],
  ALLOWED_ATTR: ["href", "title", "alt", "align", "start"],
};

/** Foreign links become their text and images their alt text, before any of it reaches the page. */
function keepOwnLinksOnly(root: DocumentFragment): void {
  for (const link of root.querySelectorAll("a")) {
    if (!isPanelLink(link.getAttribute("href") ?? "")) link.replaceWith(...link.childNodes);
  }
  for (const image of root.querySelectorAll("img")) {
    image.replaceWith(image.getAttribute("alt") ?? "");
  }
}

/**
 * Sanitised HTML for an answer. `omitTableColumns`: a table with exactly these headers is
 * left out, because the answer's interactive data table (sortable, exportable) shows it.
 */
export function renderMarkdown(markdown: string, omitTableColumns?: string[]): string {
  const html = marked.parse(markdown) as string;
  // DOMPurify's fragment belongs to an inert document: nothing in it loads until it is moved here.
  const fragment = DOMPurify.sanitize(html, { ...SANITIZE, RETURN_DOM_FRAGMENT: true });
  keepOwnLinksOnly(fragment);
  if (omitTableColumns?.length) {
    const wanted = omitTableColumns.map((c) => c.trim().toLowerCase()).join("\u0000");
    for (const table of fragment.querySelectorAll("table")) {
      const headers = [...table.querySelectorAll("thead th")].map((th) => (th.textContent ?? "").trim().toLowerCase());
      if (headers.join("\u0000") !== wanted) continue;
      const note = document.createElement("p");
      note.className = "table-moved";
      note.textContent = "(in the table below)";
      table.replaceWith(note);
    }
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
