/** An answer's data as a sortable table (click a header; again to reverse). */

import { useMemo, useState } from "react";
import type { DataTable } from "../api/types";
import { compareCells, formatCell, isMoneyColumn, isNumericColumn } from "./values";
import { ScrollTable } from "../ui/ScrollTable";

interface Sort {
  column: number;
  direction: "ascending" | "descending";
}

export function DataTableView({ table, caption }: { table: DataTable; caption: string }) {
  const [sort, setSort] = useState<Sort | null>(null);
  const numeric = useMemo(() => table.columns.map((_, i) => isNumericColumn(table.rows, i)), [table]);
  const money = useMemo(() => table.columns.map((name, i) => isMoneyColumn(name, table.rows, i)), [table]);

  const rows = useMemo(() => {
    if (!sort) return table.rows;
    const factor = sort.direction === "ascending" ? 1 : -1;
    const isNumeric = numeric[sort.column] ?? false;
    return [...table.rows].sort((a, b) => factor * compareCells(a[sort.column], b[sort.column], isNumeric));
  }, [table, sort, numeric]);

  const toggle = (column: number) =>
    setSort((current) =>
      current?.column === column
        ? { column, direction: current.direction === "ascending" ? "descending" : "ascending" }
        : { column, direction: "ascending" },
    );

  return (
    <ScrollTable label={caption}>
      <table className="data-table">
        <caption className="sr-only">{caption}. Select a column header to sort.</caption>
        <thead>
          <tr>
            {table.columns.map((column, i) => {
              const active = sort?.column === i;
              return (
                <th key={column + i} scope="col" aria-sort={active ? sort.direction : "none"}
                  className={numeric[i] ? "num" : undefined}>
                  <button type="button" className="sort-button" onClick={() => toggle(i)}>
                    {column}
                    <span className="sort-mark" aria-hidden="true">
                      {active ? (sort.direction === "ascending" ? "▲" : "▼") : "↕"}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            <tr key={r}>
              {table.columns.map((_, c) => (
                <td key={c} className={numeric[c] ? "num" : undefined}>
                  {formatCell(row[c], table.columns[c], money[c])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollTable>
  );
}
