/** Questions per day as bars stacked by outcome, drawn with chart.js (loaded on demand, like answers' charts)
 * into a fixed-height box; the figures themselves are also in the per-day table below it. */

import { useEffect, useRef, useState } from "react";
import type { Chart as ChartType, ChartConfiguration } from "chart.js";
import type { DayUsage } from "../api/types";
import { count, dayLabel, longDay } from "./format";

/** One colour per outcome, the same as the summary's keys (answered: brand teal; declined: amber; denied: rose). */
export const OUTCOME_SERIES = [
  { key: "answered", label: "Answered", color: "#0f766e" },
  { key: "declined", label: "Declined", color: "#d97706" },
  { key: "denied", label: "Denied", color: "#be123c" },
] as const;

function configuration(days: DayUsage[]): ChartConfiguration<"bar"> {
  return {
    type: "bar",
    data: {
      labels: days.map((d) => dayLabel(d.day)),
      datasets: OUTCOME_SERIES.map((series) => ({
        label: series.label,
        data: days.map((d) => d[series.key]),
        backgroundColor: series.color,
        borderWidth: 0,
        borderRadius: 2,
        maxBarThickness: 36,
      })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: {
        legend: { position: "bottom", labels: { boxWidth: 12, boxHeight: 12 } },
        tooltip: {
          mode: "index",
          intersect: false,
          callbacks: {
            title: (items) => longDay(days[items[0]?.dataIndex ?? 0]?.day ?? ""),
            label: (item) => `${item.dataset.label ?? ""}: ${count(Number(item.parsed.y ?? 0))}`,
            footer: (items) => {
              const day = days[items[0]?.dataIndex ?? 0];
              if (!day) return "";
              return `${count(day.questions)} questions${day.degraded ? `, ${count(day.degraded)} degraded` : ""}`;
            },
          },
        },
      },
      scales: {
        x: { stacked: true, grid: { display: false }, ticks: { autoSkip: true, maxRotation: 0 } },
        y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: "Questions" } },
      },
    },
  };
}

/** What the chart shows, for screen readers (the canvas is an image). */
function describe(days: DayUsage[]): string {
  const total = days.reduce((sum, d) => sum + d.questions, 0);
  const busiest = days.reduce<DayUsage | null>((top, d) => (!top || d.questions > top.questions ? d : top), null);
  const first = days[0];
  const last = days[days.length - 1];
  if (!first || !last) return "Questions per day: no days.";
  return `Questions per day by outcome, ${longDay(first.day)} to ${longDay(last.day)}: ${count(total)} in all` +
    (busiest && busiest.questions > 0 ? `, most on ${longDay(busiest.day)} (${count(busiest.questions)}).` : ".");
}

export function UsageChart({ days }: { days: DayUsage[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let chart: ChartType<"bar"> | null = null;
    let cancelled = false;
    import("../data/chartjs")
      .then(({ Chart }) => {
        if (cancelled || !canvas.current) return;
        chart = new Chart(canvas.current, configuration(days));
      })
      .catch(() => setFailed(true));
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [days]);

  if (failed) return <p className="muted">The chart could not be drawn; the figures are in the table below.</p>;
  return (
    <figure className="chart console-chart">
      <figcaption className="chart-title">Questions per day, by outcome</figcaption>
      <div className="chart-canvas">
        <canvas ref={canvas} role="img" aria-label={describe(days)} data-chart-kind="stacked-bar" />
      </div>
    </figure>
  );
}
