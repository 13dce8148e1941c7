/**
 * Which chart, if any, suits an answer's data table. Pure: columns and rows in, a chart
 * description out (or null when nothing sensible can be drawn).
 */

import type { DataTable } from "../api/types";
import { asNumber, isNumericColumn, MONEY_COLUMN as MONEY_NAME } from "./values";

export interface ChartSeries {
  label: string;
  data: number[];
}

export interface ChartSpec {
  kind: "bar" | "line";
  title: string;
  labels: string[];
  /** Full names for tooltips when labels are shortened. */
  details?: string[];
  series: ChartSeries[];
  /** Bars run sideways (long category names, many rows). */
  horizontal?: boolean;
  /** Values are dollars. */
  money?: boolean;
  /** Values are whole counts (no fractional ticks). */
  counts?: boolean;
  /** Axis titles. */
  x?: string;
  y?: string;
}

const MAX_CATEGORIES = 40;
const TIME_NAME = /^(month|period|week|day|date|year|quarter)$/i;

const find = (table: DataTable, pattern: RegExp) => table.columns.findIndex((c) => pattern.test(c));

function shorten(text: string, length = 32): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

/** Revenue and other amounts over time (Month, Cleaning, Repair, Total). */
function overTime(table: DataTable): ChartSpec | null {
  const time = table.columns.findIndex((c) => TIME_NAME.test(c));
  if (time < 0) return null;
  const numeric = table.columns
    .map((name, index) => ({ name, index }))
    .filter(({ index }) => index !== time && isNumericColumn(table.rows, index));
  if (numeric.length === 0 || table.rows.length === 0) return null;
  const money = numeric.every(({ name }) => MONEY_NAME.test(name));
  const parts = numeric.length > 1 ? numeric.filter(({ name }) => !/^total$/i.test(name)) : numeric;
  const what = money ? "Revenue" : numeric.map((n) => n.name).join(", ");
  if (table.rows.length === 1) {
    // One period: compare its amounts side by side ("cleaning vs repairs").
    const row = table.rows[0] ?? [];
    return {
      kind: "bar",
      title: `${what}, ${String(row[time] ?? "")}`,
      labels: parts.map((p) => p.name),
      series: [{ label: String(row[time] ?? what), data: parts.map((p) => asNumber(row[p.index]) ?? 0) }],
      money,
    };
  }
  const rows = [...table.rows].sort((a, b) => String(a[time]).localeCompare(String(b[time])));
  return {
    kind: rows.length >= 3 ? "line" : "bar",
    title: `${what} by ${table.columns[time]?.toLowerCase() ?? "period"}`,
    labels: rows.map((r) => String(r[time] ?? "")),
    series: (rows.length >= 3 ? numeric : parts).map(({ name, index }) => ({
      label: name,
      data: rows.map((r) => asNumber(r[index]) ?? 0),
    })),
    money,
    x: table.columns[time],
  };
}

/** Orders: how many in each status. */
function byStatus(table: DataTable): ChartSpec | null {
  const status = find(table, /^status$/i);
  if (status < 0 || table.rows.length < 2) return null;
  const counts = new Map<string, number>();
  for (const row of table.rows) {
    const key = String(row[status] ?? "—").replace(/_/g, " ");
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return {
    kind: "bar",
    title: "Orders by status",
    labels: [...counts.keys()],
    series: [{ label: "Orders", data: [...counts.values()] }],
    y: "Orders",
    counts: true,
  };
}

/** Stock rows: quantity on hand per item. */
function stock(table: DataTable): ChartSpec | null {
  const item = find(table, /^item$/i);
  const qty = find(table, /^(qty|quantity|on hand)$/i);
  if (item < 0 || qty < 0 || table.rows.length === 0 || table.rows.length > MAX_CATEGORIES) return null;
  const description = find(table, /^description$/i);
  const unit = find(table, /^unit$/i);
  const units = new Set(table.rows.map((r) => (unit >= 0 ? String(r[unit] ?? "") : "")));
  return {
    kind: "bar",
    title: "Quantity in stock by item",
    labels: table.rows.map((r) => String(r[item] ?? "")),
    details: table.rows.map((r) =>
      description >= 0 ? `${String(r[item] ?? "")} · ${String(r[description] ?? "")}` : String(r[item] ?? ""),
    ),
    series: [{ label: "Qty", data: table.rows.map((r) => asNumber(r[qty]) ?? 0) }],
    horizontal: table.rows.length > 8,
    y: units.size === 1 ? `Qty (${[...units][0] || "units"})` : "Qty",
  };
}

/** Anything else with one name column and one amount column (top customers, counts by thing). */
function categories(table: DataTable): ChartSpec | null {
  if (table.rows.length < 2 || table.rows.length > MAX_CATEGORIES) return null;
  const numeric = table.columns
    .map((name, index) => ({ name, index }))
    .filter(({ name, index }) => !/^(rank|#|id)$/i.test(name) && isNumericColumn(table.rows, index));
  const label = table.columns.findIndex(
    (name, index) => !/^(id|rank)$/i.test(name) && !isNumericColumn(table.rows, index),
  );
  if (label < 0 || numeric.length === 0) return null;
  const value = numeric.find((n) => MONEY_NAME.test(n.name)) ?? numeric[0];
  if (!value) return null;
  const names = table.rows.map((r) => String(r[label] ?? ""));
  if (new Set(names).size !== names.length) return null; // not one row per category
  return {
    kind: "bar",
    title: `${value.name} by ${table.columns[label]?.toLowerCase() ?? "item"}`,
    labels: names.map((n) => shorten(n)),
    details: names,
    series: [{ label: value.name, data: table.rows.map((r) => asNumber(r[value.index]) ?? 0) }],
    horizontal: names.some((n) => n.length > 14) || names.length > 8,
    money: MONEY_NAME.test(value.name),
  };
}

export function chartSpec(table: DataTable | null | undefined): ChartSpec | null {
  if (!table || table.columns.length < 2) return null;
  return overTime(table) ?? byStatus(table) ?? stock(table) ?? categories(table);
}
