/** Draws a ChartSpec with chart.js into a fixed-height box (no layout shift when it appears), or into a PNG for the
 * printable report (canvases do not print reliably; an image does). */

import { useEffect, useRef, useState } from "react";
import type { Chart as ChartType, ChartConfiguration } from "chart.js";
import type { ChartSpec } from "./chartSpec";

const COLORS = ["#0f766e", "#d97706", "#4f46e5", "#be123c", "#0369a1", "#65a30d"];

const money = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 });
const number = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

function configuration(spec: ChartSpec): ChartConfiguration<"bar" | "line"> {
  const format = (value: number | string) => (spec.money ? money.format(Number(value)) : number.format(Number(value)));
  const valueAxis = spec.horizontal ? "x" : "y";
  const categoryAxis = spec.horizontal ? "y" : "x";
  return {
    type: spec.kind,
    data: {
      labels: spec.labels,
      datasets: spec.series.map((series, i) => {
        const color = COLORS[i % COLORS.length] ?? "#0f766e";
        return {
          label: series.label,
          data: series.data,
          backgroundColor: spec.kind === "line" ? `${color}22` : color,
          borderColor: color,
          borderWidth: spec.kind === "line" ? 2 : 0,
          borderRadius: spec.kind === "bar" ? 3 : 0,
          pointRadius: spec.kind === "line" ? 3 : 0,
          tension: 0.25,
          fill: false,
        };
      }),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      indexAxis: spec.horizontal ? "y" : "x",
      plugins: {
        legend: { display: spec.series.length > 1, position: "bottom" },
        tooltip: {
          callbacks: {
            title: (items) => {
              const index = items[0]?.dataIndex ?? 0;
              return spec.details?.[index] ?? spec.labels[index] ?? "";
            },
            label: (item) => `${item.dataset.label ?? ""}: ${format(item.parsed[valueAxis] ?? 0)}`,
          },
        },
      },
      scales: {
        [valueAxis]: {
          beginAtZero: true,
          ticks: { callback: (value: number | string) => format(value), ...(spec.counts ? { precision: 0 } : {}) },
          title: { display: Boolean(spec.y), text: spec.y ?? "" },
        },
        [categoryAxis]: {
          ticks: { autoSkip: !spec.horizontal, maxRotation: 45 },
          title: { display: Boolean(spec.x), text: spec.x ?? "" },
        },
      },
    },
  };
}

/** A white background under the chart, so its image is not transparent (PDF viewers, dark previews). */
const WHITE_BACKGROUND = {
  id: "whiteBackground",
  beforeDraw(chart: ChartType) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

/**
 * The chart drawn once, at `width` x `height` CSS pixels and twice the resolution (sharp on paper), as a PNG data
 * URL. chart.js draws into a canvas laid out off screen (it sizes itself from its box), which is removed after.
 */
export async function chartImage(spec: ChartSpec, width: number, height: number): Promise<string> {
  const { Chart } = await import("./chartjs");
  const holder = document.createElement("div");
  holder.className = "chart-offscreen";
  holder.setAttribute("aria-hidden", "true");
  holder.style.width = `${width}px`;
  holder.style.height = `${height}px`;
  const canvas = document.createElement("canvas");
  holder.appendChild(canvas);
  document.body.appendChild(holder);
  let chart: ChartType | null = null;
  try {
    const config = configuration(spec);
    config.options = { ...config.options, devicePixelRatio: 2 };
    config.plugins = [WHITE_BACKGROUND];
    chart = new Chart(canvas, config); // no animation: drawn now
    return canvas.toDataURL("image/png");
  } finally {
    chart?.destroy();
    holder.remove();
  }
}

export function DataChart({ spec }: { spec: ChartSpec }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [failed, setFailed] = useState(false);
  const height = spec.horizontal ? Math.min(Math.max(spec.labels.length * 20 + 70, 220), 640) : 240;

  useEffect(() => {
    let chart: ChartType | null = null;
    let cancelled = false;
    import("./chartjs")
      .then(({ Chart }) => {
        if (cancelled || !canvas.current) return;
        chart = new Chart(canvas.current, configuration(spec));
      })
      .catch(() => setFailed(true));
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [spec]);

  if (failed) return <p className="muted">The chart could not be drawn.</p>;
  return (
    <figure className="chart" style={{ height }}>
      <figcaption className="chart-title">{spec.title}</figcaption>
      <div className="chart-canvas">
        <canvas ref={canvas} role="img" aria-label={`Chart: ${spec.title}`} data-chart-kind={spec.kind} />
      </div>
    </figure>
  );
}
