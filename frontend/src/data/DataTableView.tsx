/** An answer's data as a sortable table (click a header; again to reverse). The sort is the caller's, so the
 * printable report lists the rows in the order they are shown. */

import { useMemo } from "react";
import type { Cell, DataTable } from "../api/types";
import { compareCells, formatCell, isMoneyColumn, isNumericColumn } from "./values";
import { ScrollTable } from "../ui/ScrollTable";

export interface Sort {
  column: number;
  direction: "ascending" | "descending";
}

/** The table's rows in `sort`'s order (blanks last), or as they came. */
export function sortRows(table: DataTable, sort: Sort | null): Cell[][] {
  if (!sort) return table.rows;
  const factor = sort.direction === "ascending" ? 1 : -1;
  const numeric = isNumericColumn(table.rows, sort.column);
  return [...table.rows].sort((a, b) => factor * compareCells(a[sort.column], b[sort.column], numeric));
}

/** Click a header: sort by it, ascending; again: the other way. */
export function nextSort(current: Sort | null, column: number): Sort {
  return current?.column === column
    ? { column, direction: current.direction === "ascending" ? "descending" : "ascending" }
    : { column, direction: "ascending" };
}

interface Props {
  table: DataTable;
  caption: string;
  /** The rows in the order to show (sortRows). */
  rows: Cell[][];
  sort: Sort | null;
  onSort: (column: number) => void;
}

export function DataTableView({ table, caption, rows, sort, onSort }: Props) {
  const numeric = useMemo(() => table.columns.map((_, i) => isNumericColumn(table.rows, i)), [table]);
  const money = useMemo(() => table.columns.map((name, i) => isMoneyColumn(name, table.rows, i)), [table]);

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
                  <button type="button" className="sort-button" onClick={() => onSort(i)}>
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
