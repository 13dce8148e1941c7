/** Upload a PDF (progress, then indexing status) and browse the shop's documents. */

import { useCallback, useEffect, useRef, useState, type ChangeEvent, type FormEvent } from "react";
import { api } from "../api/client";
import { errorMessage } from "../api/http";
import type { DocumentInfo, DocumentStatus } from "../api/types";
import { usePanel } from "../sources/PanelContext";
import { CheckIcon } from "../ui/icons";
import { fileSize, relativeTime } from "../ui/time";
import { useAuth } from "../auth/AuthContext";
import { checkFile, pollStatus, postFile } from "./upload";
import { ScrollTable } from "../ui/ScrollTable";

type Upload =
  | { phase: "idle" }
  | { phase: "uploading"; name: string; progress: number }
  | { phase: "indexing"; name: string; status: DocumentStatus | null }
  | { phase: "indexed"; name: string; status: DocumentStatus }
  | { phase: "failed"; name: string; message: string };

function UploadStatus({ upload }: { upload: Upload }) {
  switch (upload.phase) {
    case "idle":
      return null;
    case "uploading":
      return (
        <div className="upload-status">
          <label htmlFor="upload-progress">
            Uploading {upload.name}… {Math.round(upload.progress * 100)}%
          </label>
          <progress id="upload-progress" max={1} value={upload.progress} />
        </div>
      );
    case "indexing":
      return (
        <div className="upload-status" role="status">
          <span className="spinner" aria-hidden="true" /> Indexing {upload.name}…{" "}
          <span className="muted">{upload.status?.message ?? "waiting for the indexer"}</span>
        </div>
      );
    case "indexed":
      return (
        <div className="upload-status banner banner-ok" role="status" data-upload-state="indexed">
          <CheckIcon /> {upload.name} is indexed ({upload.status.chunks} {upload.status.chunks === 1 ? "passage" : "passages"}).
          You can ask about it now.
        </div>
      );
    case "failed":
      return (
        <div className="upload-status banner banner-error" role="alert" data-upload-state="failed">
          {upload.name} was not indexed: {upload.message}
        </div>
      );
  }
}

/** Managers and admins change the shop's documents; everyone reads them. */
function canManage(role: string | undefined): boolean {
  return role === "admin" || role === "manager";
}

export function DocumentsView() {
  const { openUrl } = usePanel();
  const { session } = useAuth();
  const manager = canManage(session?.user.role);
  const [documents, setDocuments] = useState<DocumentInfo[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [replace, setReplace] = useState(false);
  const [upload, setUpload] = useState<Upload>({ phase: "idle" });
  const abort = useRef<AbortController | null>(null);
  const input = useRef<HTMLInputElement>(null);

  /** The first page again, or (with a cursor) the next page appended. */
  const load = useCallback((cursor: string | null = null) => {
    api
      .documents(cursor)
      .then((page) => {
        setDocuments((shown) => (cursor && shown ? [...shown, ...page.documents] : page.documents));
        setNextCursor(page.next_cursor);
        setListError(null);
      })
      .catch((e: unknown) => setListError(errorMessage(e)));
  }, []);
  const refresh = useCallback(() => load(null), [load]);

  useEffect(() => {
    refresh();
    return () => abort.current?.abort();
  }, [refresh]);

  // Rows still processing (a retry, someone else's upload) are asked again every few seconds, one
  // status each, so the rows already loaded stay as they are.
  const processing = documents?.filter((d) => d.status === "processing").map((d) => d.name).join("\n") ?? "";
  useEffect(() => {
    if (!processing) return;
    const timer = window.setInterval(() => {
      for (const name of processing.split("\n")) {
        api
          .documentStatus(name)
          .then((record) => setDocuments((shown) => shown?.map((d) => (d.name === name ? record : d)) ?? null))
          .catch(() => undefined); // deleted meanwhile: the next full refresh drops it
      }
    }, 3000);
    return () => window.clearInterval(timer);
  }, [processing]);

  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0] ?? null;
    setFile(chosen);
    setFileError(chosen ? checkFile(chosen) : null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file || checkFile(file)) return;
    const name = file.name;
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setUpload({ phase: "uploading", name, progress: 0 });
    try {
      const target = await api.uploadUrl(name, file.type || "application/pdf", replace);
      await postFile(target, file, (progress) => setUpload({ phase: "uploading", name, progress }));
      setUpload({ phase: "indexing", name, status: null });
      refresh();
      const status = await pollStatus(
        target.key,
        (s) => setUpload({ phase: "indexing", name, status: s }),
        controller.signal,
      );
      setUpload(
        status.status === "indexed"
          ? { phase: "indexed", name, status }
          : { phase: "failed", name, message: status.message || "the file could not be read" },
      );
      setFile(null);
      setReplace(false);
      if (input.current) input.current.value = "";
      refresh();
    } catch (error) {
      if (error instanceof DOMException && error.name === "AbortError") return;
      setUpload({ phase: "failed", name, message: errorMessage(error) });
    }
  };

  const remove = async (name: string) => {
    if (!window.confirm(`Delete ${name}? The assistant stops citing it; its file stays in the bucket's history.`))
      return;
    try {
      await api.deleteDocument(name);
      setDocuments((shown) => shown?.filter((d) => d.name !== name) ?? null);
    } catch (error) {
      setListError(errorMessage(error));
    }
  };

  /** Send a document to the indexer again; its row shows "processing" until the next refresh. */
  const retry = async (name: string) => {
    try {
      const record = await api.retryDocument(name);
      setDocuments((shown) => shown?.map((d) => (d.name === name ? record : d)) ?? null);
    } catch (error) {
      setListError(errorMessage(error));
    }
  };

  const busy = upload.phase === "uploading" || upload.phase === "indexing";
  return (
    <section className="documents" aria-labelledby="documents-title">
      <h2 id="documents-title">Documents</h2>
      <p className="muted">
        Policies, price lists, procedures and scanned work orders. Uploaded PDFs are indexed so the assistant can
        answer from them and cite their pages.
      </p>
      {manager ? (
        <form className="upload-form" onSubmit={(e) => void submit(e)}>
          <label htmlFor="upload-file" className="upload-label">
            Upload a PDF
          </label>
          <div className="upload-row">
            <input id="upload-file" ref={input} type="file" accept="application/pdf,.pdf" onChange={choose}
              disabled={busy} aria-describedby={fileError ? "upload-file-error" : undefined} />
            <button type="submit" className="btn btn-primary" disabled={!file || Boolean(fileError) || busy}>
              Upload
            </button>
          </div>
          <label className="upload-replace">
            <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} disabled={busy} />{" "}
            Replace a document with the same name
          </label>
          {fileError && (
            <p id="upload-file-error" className="field-error" role="alert">
              {fileError}
            </p>
          )}
          <UploadStatus upload={upload} />
        </form>
      ) : (
        <p className="muted" data-testid="upload-managers-only">
          Managers and admins can upload and delete documents.
        </p>
      )}

      <h3 className="documents-subtitle">All documents</h3>
      {listError && (
        <p className="banner banner-error" role="alert">
          {listError}{" "}
          <button type="button" className="btn btn-link" onClick={refresh}>
            Retry
          </button>
        </p>
      )}
      {!documents && !listError && <p className="muted">Loading documents…</p>}
      {documents && documents.length === 0 && <p className="muted">No documents yet.</p>}
      {documents && documents.length > 0 && (
        <ScrollTable label="All documents">
          <table className="data-table documents-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col" className="num">
                  Pages
                </th>
                <th scope="col" className="num">
                  Size
                </th>
                <th scope="col">Updated</th>
                <th scope="col">Status</th>
                {manager && (
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {documents.map((doc) => (
                <tr key={doc.name} data-document={doc.name}>
                  <td>
                    {doc.status === "indexed" ? (
                      <button type="button" className="btn btn-link"
                        onClick={(e) => openUrl(`/api/documents/${encodeURIComponent(doc.name)}#page=1`, doc.name,
                          e.currentTarget)}>
                        {doc.name}
                      </button>
                    ) : (
                      doc.name
                    )}
                  </td>
                  <td className="num">
                    {doc.pages || "—"}
                    {doc.ocr_pages > 0 && <span className="muted"> ({doc.ocr_pages} by OCR)</span>}
                  </td>
                  <td className="num">{fileSize(doc.size)}</td>
                  <td>{relativeTime(doc.updated_at)}</td>
                  <td>
                    <span className={`status status-${doc.status}`}>{doc.status}</span>
                    {doc.message && <span className="status-message muted"> {doc.message}</span>}
                  </td>
                  {manager && (
                    <td className="row-actions">
                      {doc.status !== "processing" && (
                        <button type="button" className="btn btn-link" onClick={() => void retry(doc.name)}
                          aria-label={`${doc.status === "failed" ? "Retry" : "Re-index"} ${doc.name}`}>
                          {doc.status === "failed" ? "Retry" : "Re-index"}
                        </button>
                      )}
                      <button type="button" className="btn btn-link" onClick={() => void remove(doc.name)}
                        aria-label={`Delete ${doc.name}`}>
                        Delete
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
      {nextCursor && (
        <button type="button" className="btn documents-more" onClick={() => load(nextCursor)}>
          More documents
        </button>
      )}
    </section>
  );
}
