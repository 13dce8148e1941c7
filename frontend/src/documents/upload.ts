/**
 * Uploading a document: ask the API for an upload URL, PUT the file there (XMLHttpRequest, for
 * progress events), then poll its indexing status once a second until indexed or failed.
 */

import { api } from "../api/client";
import { ApiError, currentToken } from "../api/http";
import type { DocumentStatus, UploadTarget } from "../api/types";

export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
const POLL_MS = 1000;
const POLL_LIMIT_MS = 10 * 60 * 1000;

export function checkFile(file: File): string | null {
  const isPdf = file.type === "application/pdf" || /\.pdf$/i.test(file.name);
  if (!isPdf) return "Only PDF files can be uploaded.";
  if (file.size === 0) return "That file is empty.";
  if (file.size > MAX_UPLOAD_BYTES) return "That file is larger than 50 MB.";
  return null;
}

function sameOrigin(url: string): boolean {
  return new URL(url, window.location.href).origin === window.location.origin;
}

export function putFile(target: UploadTarget, file: Blob, onProgress: (fraction: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(target.method || "PUT", target.url);
    for (const [name, value] of Object.entries(target.headers ?? {})) xhr.setRequestHeader(name, value);
    // A presigned storage URL carries its own authorisation; only our own origin wants the bearer.
    const token = currentToken();
    if (token && sameOrigin(target.url) && !target.headers?.Authorization)
      xhr.setRequestHeader("Authorization", `Bearer ${token}`);
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
    xhr.send(file);
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
