/**
 * Uploading a document: ask the API for a presigned POST, send the form fields and the file
 * there (XMLHttpRequest, for progress events), then poll its indexing status once a second
 * until indexed or failed. Storage enforces the size cap; the check here only saves a trip.
 */

import { api } from "../api/client";
import { ApiError } from "../api/http";
import type { DocumentStatus, UploadTarget } from "../api/types";

export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;
const POLL_MS = 1000;
const POLL_LIMIT_MS = 10 * 60 * 1000;

export function checkFile(file: File): string | null {
  const isPdf = file.type === "application/pdf" || /\.pdf$/i.test(file.name);
  if (!isPdf) return "Only PDF files can be uploaded.";
  if (file.size === 0) return "That file is empty.";
  if (file.size > MAX_UPLOAD_BYTES) return "That file is larger than 25 MB.";
  return null;
}

export function postFile(target: UploadTarget, file: Blob, onProgress: (fraction: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(target.fields)) form.append(name, value);
    form.append("file", file); // last: storage ignores fields after the file
    const xhr = new XMLHttpRequest();
    xhr.open(target.method, target.url);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve();
      } else reject(new ApiError(xhr.status, "upload_failed", `The upload was refused (HTTP ${xhr.status}).`));
    };
    // A network error here is the storage URL (or its CORS rules) refusing, not the API.
    xhr.onerror = () =>
      reject(new ApiError(0, "upload_failed", "The file could not be sent to document storage. Try again."));
    xhr.onabort = () => reject(new ApiError(0, "aborted", "The upload was cancelled."));
    xhr.send(form);
  });
}

export async function pollStatus(
  key: string,
  onStatus: (status: DocumentStatus) => void,
  signal: AbortSignal,
): Promise<DocumentStatus> {
  const started = Date.now();
  for (;;) {
    if (signal.aborted) throw new DOMException("Stopped", "AbortError");
    let status: DocumentStatus | null = null;
    try {
      status = await api.documentStatus(key);
    } catch (error) {
      // Not found yet (the object may not be visible to the indexer yet): keep waiting.
      if (!(error instanceof ApiError) || (error.status !== 404 && error.status !== 0)) throw error;
    }
    if (status) {
      onStatus(status);
      if (status.status === "indexed" || status.status === "failed") return status;
    }
    if (Date.now() - started > POLL_LIMIT_MS)
      throw new ApiError(0, "timeout", "Indexing is taking unusually long; check the documents list later.");
    await new Promise((resolve) => window.setTimeout(resolve, POLL_MS));
  }
}
