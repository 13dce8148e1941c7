/** The data behind an answer: a chart (when one makes sense), the sortable table, CSV download. */

import { useMemo } from "react";
import type { DataTable } from "../api/types";
import { chartSpec } from "./chartSpec";
import { csvFileName, downloadCsv } from "./csv";
import { DataChart } from "./DataChart";
import { DataTableView } from "./DataTableView";
import { DownloadIcon } from "../ui/icons";

export function DataView({ table, question }: { table: DataTable; question: string }) {
  const spec = useMemo(() => chartSpec(table), [table]);
  if (table.columns.length === 0) return null;
  const rows = table.rows.length;

  return (
    <section className="data-view" aria-label="Data for this answer">
      <div className="data-toolbar">
        <span className="data-count">
          Data · {rows} {rows === 1 ? "row" : "rows"}
        </span>
        <button type="button" className="btn btn-small" onClick={() => downloadCsv(table, csvFileName(question))}>
          <DownloadIcon /> Download CSV
        </button>
      </div>
      {spec && <DataChart spec={spec} />}
      <DataTableView table={table} caption={`Data for: ${question}`} />
    </section>
  );
}
