/** Figures as the console shows them: counts, dollars (small amounts keep their cents' fractions), latency, days. */

const whole = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });
const dollars = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", minimumFractionDigits: 2,
  maximumFractionDigits: 2 });
const cents = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", minimumFractionDigits: 2,
  maximumFractionDigits: 4 });

export const count = (value: number): string => whole.format(value);

/** 1234567 → "1.2M" (the exact figure belongs in a title or a table). */
export const shortCount = (value: number): string => (value < 10_000 ? whole.format(value) : compact.format(value));

/** Estimated costs are often fractions of a cent per question: under $1 they show four decimals. */
export function usd(value: number): string {
  return Math.abs(value) < 1 && value !== 0 ? cents.format(value) : dollars.format(value);
}

/** 0.3333 → "33%"; null (nothing to divide) → "—". */
export function rate(share: number | null): string {
  return share === null ? "—" : `${Math.round(share * 100)}%`;
}

export function latency(ms: number | null): string {
  if (ms === null) return "—";
  return ms < 1000 ? `${whole.format(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** "2026-11-24" (a UTC day) → "24 Nov". */
export function dayLabel(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return date.toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
}

/** "2026-11-24" → "Tue 24 Nov 2026". */
export function longDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return date.toLocaleDateString("en-GB", { weekday: "short", day: "numeric", month: "short", year: "numeric",
    timeZone: "UTC" });
}

/** An ISO timestamp as a date and time in the reader's zone ("24 Nov 2026, 14:05"). */
export function dateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit",
    minute: "2-digit" });
}
