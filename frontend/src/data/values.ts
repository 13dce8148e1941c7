/** Reading table cells: numbers, money, dates; comparing them for sorting. */

import type { Cell } from "../api/types";

const MONEY = /^\s*-?\$?\s*-?[\d,]+(\.\d+)?\s*$/;

/** A cell as a number when it is one ("1,234.50", "$80", 12), else null. */
export function asNumber(value: Cell | undefined): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value !== "string" || !MONEY.test(value)) return null;
  const n = Number(value.replace(/[$,\s]/g, ""));
  return Number.isFinite(n) ? n : null;
}

export function isNumericColumn(rows: Cell[][], index: number): boolean {
  let seen = 0;
  for (const row of rows) {
    const value = row[index];
    if (value === null || value === undefined || value === "") continue;
    if (typeof value === "boolean" || asNumber(value) === null) return false;
    seen += 1;
  }
  return seen > 0;
}

export function compareCells(a: Cell | undefined, b: Cell | undefined, numeric: boolean): number {
  const emptyA = a === null || a === undefined || a === "";
  const emptyB = b === null || b === undefined || b === "";
  if (emptyA || emptyB) return emptyA === emptyB ? 0 : emptyA ? 1 : -1; // blanks last
  if (numeric) return (asNumber(a) ?? 0) - (asNumber(b) ?? 0);
  return String(a).localeCompare(String(b), undefined, { numeric: true, sensitivity: "base" });
}

/** Columns holding dollar amounts, by name. */
export const MONEY_COLUMN = /total|revenue|cleaning|repair|price|amount|cost|sales/i;

export function isMoneyColumn(name: string, rows: Cell[][], index: number): boolean {
  return MONEY_COLUMN.test(name) && isNumericColumn(rows, index);
}

const money = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
const plain = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

/** A cell for display (the CSV keeps the raw values). */
export function formatCell(value: Cell | undefined, column = "", isMoney = false): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (isMoney) {
    const n = asNumber(value);
    if (n !== null) return money.format(n);
  }
  if (typeof value === "number") return plain.format(value);
  if (/^status$/i.test(column)) return value.replace(/_/g, " ");
  return value;
}
