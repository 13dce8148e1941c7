/** The data behind an answer: a chart (when one makes sense), the sortable table, CSV download and the printable
 * one-page report. */

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { DataTable } from "../api/types";
import { chartSpec } from "./chartSpec";
import { csvFileName, downloadCsv } from "./csv";
import { DataChart } from "./DataChart";
import { DataTableView, nextSort, sortRows, type Sort } from "./DataTableView";
import { ReportView, type ReportAnswer } from "./ReportView";
import { DownloadIcon, PrintIcon } from "../ui/icons";

interface Props {
  table: DataTable;
  question: string;
  /** What the report prints besides the data (the answer's text, what was understood, when it was asked). */
  answer?: ReportAnswer;
}

export function DataView({ table, question, answer }: Props) {
  const spec = useMemo(() => chartSpec(table), [table]);
  const [sort, setSort] = useState<Sort | null>(null);
  const sorted = useMemo(() => sortRows(table, sort), [table, sort]);
  const [reporting, setReporting] = useState(false);
  const reportButton = useRef<HTMLButtonElement>(null);
  const onSort = useCallback((column: number) => setSort((current) => nextSort(current, column)), []);
  const closeReport = useCallback(() => setReporting(false), []);
  // Closed: focus goes back to the button (once the report is gone and the app behind no longer inert).
  const wasReporting = useRef(false);
  useEffect(() => {
    if (wasReporting.current && !reporting) reportButton.current?.focus();
    wasReporting.current = reporting;
  }, [reporting]);
  if (table.columns.length === 0) return null;
  const rows = table.rows.length;

  return (
    <section className="data-view" aria-label="Data for this answer">
      <div className="data-toolbar">
        <span className="data-count">
          Data · {rows} {rows === 1 ? "row" : "rows"}
        </span>
        <span className="data-actions">
          <button type="button" className="btn btn-small" onClick={() => downloadCsv(table, csvFileName(question))}>
            <DownloadIcon /> Download CSV
          </button>
          <button type="button" className="btn btn-small" ref={reportButton} aria-haspopup="dialog"
            onClick={() => setReporting(true)}>
            <PrintIcon /> Report (PDF)
          </button>
        </span>
      </div>
      {spec && <DataChart spec={spec} />}
      <DataTableView table={table} caption={`Data for: ${question}`} rows={sorted} sort={sort} onSort={onSort} />
      {reporting && (
        <ReportView table={table} rows={sorted} spec={spec} question={question} answer={answer ?? { text: "" }}
          onClose={closeReport} />
      )}
    </section>
  );
}
