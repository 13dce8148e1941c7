/** One page of a shop document in the side panel, with paging and a download link. */

import type { DocumentPage } from "../api/types";
import { DownloadIcon } from "../ui/icons";

interface Props {
  page: DocumentPage;
  onPage: (page: number) => void;
  busy: boolean;
}

export function DocumentPageView({ page, onPage, busy }: Props) {
  return (
    <article className="document" data-document={page.name} data-page={page.page}>
      <p className="record-kind">Document</p>
      <h2 className="record-title">{page.name}</h2>
      <div className="doc-toolbar">
        <nav className="pager" aria-label="Pages">
          <button type="button" className="btn btn-small" disabled={busy || page.page <= 1}
            onClick={() => onPage(page.page - 1)} aria-label="Previous page">
            ‹
          </button>
          <span aria-live="polite">
            Page {page.page} of {page.pages}
          </span>
          <button type="button" className="btn btn-small" disabled={busy || page.page >= page.pages}
            onClick={() => onPage(page.page + 1)} aria-label="Next page">
            ›
          </button>
        </nav>
        <a className="btn btn-small" href={page.download_url} target="_blank" rel="noopener noreferrer" download>
          <DownloadIcon /> Download
        </a>
      </div>
      {page.ocr && (
        <p className="doc-ocr muted" data-testid="page-ocr">
          This page is a scan; its text was read by OCR and may contain misread words. Download the file to see it.
        </p>
      )}
      <div className="doc-text" tabIndex={0} aria-label={`Text of page ${page.page}`}>
        {page.text.trim() ? page.text : <span className="muted">This page has no text.</span>}
      </div>
    </article>
  );
}
