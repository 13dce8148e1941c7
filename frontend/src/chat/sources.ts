/** Helpers for answer sources: labels, and rebuilding sources from a stored transcript's ids. */

import type { Source, SourceType } from "../api/types";

export const TYPE_LABELS: Record<SourceType, string> = {
  customer: "Customer",
  work_order: "Work order",
  repair_order: "Repair order",
  inventory: "Stock",
  document: "Document",
};

/** The type a bare id belongs to, by the business's id formats (WO-…, RO-…, INV-…, C00…). */
export function typeOfId(id: string): SourceType {
  if (/^WO-/i.test(id)) return "work_order";
  if (/^RO-/i.test(id)) return "repair_order";
  if (/^INV-/i.test(id)) return "inventory";
  if (/^C\d+$/i.test(id)) return "customer";
  return "document";
}

export function sourceFromId(rawId: string): Source {
  const [id = rawId, pageText] = rawId.split("#page=");
  const type = typeOfId(id);
  const page = pageText ? Number(pageText) : null;
  const url =
    type === "document"
      ? `/api/documents/${encodeURIComponent(id)}${page ? `#page=${page}` : ""}`
      : `/api/records/${type}/${encodeURIComponent(id)}`;
  return { type, id, title: id, url, page };
}

/** Where a source link points: a record, or a document page. */
export type SourceTarget = { kind: "record"; url: string } | { kind: "document"; name: string; page: number | null };

export function targetOf(url: string): SourceTarget {
  const [path = url, hash = ""] = url.replace(window.location.origin, "").split("#");
  const documentMatch = /^\/api\/documents\/([^?]+)/.exec(path);
  if (documentMatch?.[1]) {
    const pageMatch = /page=(\d+)/.exec(hash) ?? /[?&]page=(\d+)/.exec(path);
    return {
      kind: "document",
      name: decodeURIComponent(documentMatch[1]),
      page: pageMatch?.[1] ? Number(pageMatch[1]) : null,
    };
  }
  return { kind: "record", url: path };
}

export function sourceKey(source: Source): string {
  return `${source.type}:${source.id}:${source.page ?? ""}`;
}

/** A document chip's name without its page ("care.pdf · page 2" → "care.pdf"): the page is shown apart, never cut. */
export function documentName(source: Source): string {
  return (source.title || source.id).replace(/\s*·\s*page \d+$/i, "");
}

export function sourceLabel(source: Source): string {
  const title = source.title || source.id;
  const showPage = source.type === "document" && source.page && !/\bpage\b/i.test(title);
  return showPage ? `${title} · page ${source.page}` : title;
}
