/**
 * A data answer as a printable one-page report (Letter): the app's name, the question, who asked and when, the
 * answer, what was understood, the chart (as an image: canvases do not print reliably) and as many of the table's
 * rows as fit, then "… and K more rows (see the CSV)". Shown over the app as a preview of the page; the browser's
 * print dialog ("Save as PDF") makes the file, and the print stylesheet prints only this page.
 *
 * One page, always: the page's content box has the printed page's height, and after each layout the report
 * measures what overflows it and gives up, in turn, table rows (down to a few), the end of a very long answer
 * (down to a few lines), chart height, the remaining rows and more of the answer, until everything fits.
 */

import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { createPortal } from "react-dom";
import type { Cell, DataTable, InterpretationPart } from "../api/types";
import { useAuth } from "../auth/AuthContext";
import { renderMarkdown } from "../chat/markdown";
import { Understood } from "../chat/Understood";
import { CloseIcon, PrintIcon } from "../ui/icons";
import type { ChartSpec } from "./chartSpec";
import { csvFileName } from "./csv";
import { chartImage } from "./DataChart";
import { formatCell, isMoneyColumn, isNumericColumn } from "./values";

export interface ReportAnswer {
  /** The answer's markdown. */
  text: string;
  interpretation?: InterpretationPart[];
  notice?: string | null;
  /** When the question was asked (ISO 8601); the report's own time when unknown. */
  askedAt?: string;
}

interface Props {
  table: DataTable;
  /** The rows in the order the answer's table shows them. */
  rows: Cell[][];
  spec: ChartSpec | null;
  question: string;
  answer: ReportAnswer;
  onClose: () => void;
}

/** The printed page's width in CSS pixels: Letter (8.5in) less two half-inch margins. */
const PAGE_WIDTH = 720;
const MIN_ROWS = 5;
const MIN_CHART_HEIGHT = 140;
/** A long answer is cut to this height before the last rows go, and to the least after. */
const ANSWER_KEPT = 200;
const MIN_ANSWER_HEIGHT = 60;
/** Values up to this many characters are kept on one line. */
const SHORT_VALUE = 16;
/** Room for the line that says a row or an answer was left out. */
const NOTE_HEIGHT = 26;

interface Fit {
  rows: number;
  chartHeight: number;
  /** The answer's box, cut to this height (null: all of it). */
  answerHeight: number | null;
  done: boolean;
}

type Chart =
  | { state: "none" }
  | { state: "drawing" }
  | { state: "drawn"; url: string; height: number; loaded: boolean }
  | { state: "failed" };

/** The answer's blocks a long answer may be cut after (never halfway through a line). */
const BLOCKS = "p, li, h1, h2, h3, h4, h5, h6, tr, pre, blockquote";

const when = new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeStyle: "short" });

function formatWhen(iso: string | undefined): string {
  const date = iso ? new Date(iso) : new Date();
  return when.format(Number.isNaN(date.getTime()) ? new Date() : date);
}

/** The chart's drawn height: taller for sideways bars with many categories. */
function chartHeight(spec: ChartSpec): number {
  return spec.horizontal ? Math.min(Math.max(spec.labels.length * 16 + 60, 200), 380) : 250;
}

export function ReportView({ table, rows, spec, question, answer, onClose }: Props) {
  const { session } = useAuth();
  const user = session?.user;
  const html = useMemo(() => renderMarkdown(answer.text, table.columns), [answer.text, table.columns]);
  const numeric = useMemo(() => table.columns.map((_, i) => isNumericColumn(table.rows, i)), [table]);
  const money = useMemo(() => table.columns.map((name, i) => isMoneyColumn(name, table.rows, i)), [table]);
  // Columns of short values (ids, codes, dates, amounts) never break a value over two lines ("INV-" / "0059").
  const short = useMemo(
    () =>
      table.columns.map((name, i) =>
        table.rows.every((row) => formatCell(row[i], name, money[i]).length <= SHORT_VALUE),
      ),
    [table, money],
  );
  const [chart, setChart] = useState<Chart>(spec ? { state: "drawing" } : { state: "none" });
  const [fit, setFit] = useState<Fit>({ rows: rows.length, chartHeight: spec ? chartHeight(spec) : 0, answerHeight: null, done: false });
  const [printedAt] = useState(() => formatWhen(undefined));
  const content = useRef<HTMLDivElement>(null);
  const flow = useRef<HTMLDivElement>(null);
  const answerBox = useRef<HTMLDivElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const printed = useRef(false);

  // The chart as a PNG, drawn at the page's width and the height the page leaves it (drawn again if that shrinks:
  // a smaller drawing keeps its labels readable, a scaled-down image would not).
  useEffect(() => {
    if (!spec) return;
    let cancelled = false;
    const height = fit.chartHeight;
    chartImage(spec, PAGE_WIDTH, height)
      .then((url) => !cancelled && setChart({ state: "drawn", url, height, loaded: false }))
      .catch(() => !cancelled && setChart({ state: "failed" }));
    return () => {
      cancelled = true;
    };
  }, [spec, fit.chartHeight]);
  const chartSettled =
    chart.state === "none" ||
    chart.state === "failed" ||
    (chart.state === "drawn" && chart.loaded && chart.height === fit.chartHeight);

  // Fit the page: measure, give something up, measure again (each step shrinks something or ends).
  useLayoutEffect(() => {
    const box = content.current;
    const all = flow.current;
    if (fit.done || !chartSettled || !box || !all) return;
    const over = all.offsetHeight - box.clientHeight;
    if (over <= 0) return setFit({ ...fit, done: true });
    // Boxes' sizes are the page's; their on-screen rectangles are scaled down on small screens.
    const scale = box.getBoundingClientRect().height / box.offsetHeight || 1;
    const height = (element: Element | null | undefined) => (element?.getBoundingClientRect().height ?? 0) / scale;
    const rowHeight = height(all.querySelector(".report-table tbody tr")) || 22;
    const note = fit.rows === rows.length ? NOTE_HEIGHT : 0;
    const dropRows = (floor: number) => {
      if (fit.rows <= floor) return false;
      setFit({ ...fit, rows: Math.max(floor, fit.rows - Math.ceil((over + note) / rowHeight)) });
      return true;
    };
    // The answer, cut after its last block that ends above the height it may keep.
    const cutAnswer = (least: number) => {
      const answer = answerBox.current;
      const current = answer?.offsetHeight ?? 0;
      const target = Math.max(least, current - over - (fit.answerHeight === null ? NOTE_HEIGHT : 0));
      if (!answer || current <= least || target >= current) return false;
      const top = answer.getBoundingClientRect().top;
      let edge = 0;
      for (const block of answer.querySelectorAll(BLOCKS)) {
        const bottom = (block.getBoundingClientRect().bottom - top) / scale;
        if (bottom <= target && bottom > edge) edge = bottom;
      }
      const cut = Math.ceil(edge > 0 ? edge : target);
      if (cut >= current) return false;
      setFit({ ...fit, answerHeight: cut });
      return true;
    };
    const shrinkChart = () => {
      if (chart.state !== "drawn" || fit.chartHeight <= MIN_CHART_HEIGHT) return false;
      setFit({ ...fit, chartHeight: Math.max(MIN_CHART_HEIGHT, fit.chartHeight - over) });
      return true;
    };
    if (dropRows(Math.min(MIN_ROWS, rows.length)) || cutAnswer(ANSWER_KEPT) || shrinkChart() || dropRows(0)
      || cutAnswer(MIN_ANSWER_HEIGHT))
      return;
    setFit({ ...fit, done: true }); // nothing left to give up: the page clips the rest
  }, [fit, chartSettled, chart.state, rows.length]);

  const ready = fit.done && chartSettled;
  const print = useCallback(() => window.print(), []);

  // Opened from the button: print once the page is laid out (the dialog's "Save as PDF" makes the file).
  useEffect(() => {
    if (!ready || printed.current) return;
    printed.current = true;
    const frame = requestAnimationFrame(() => window.print());
    return () => cancelAnimationFrame(frame);
  }, [ready]);

  // While open: the app behind is inert and left out of print, the title names the PDF, focus is on the report.
  useEffect(() => {
    const root = document.getElementById("root");
    const title = document.title;
    root?.setAttribute("inert", "");
    document.body.classList.add("report-open");
    document.title = csvFileName(question).replace(/\.csv$/, "-report");
    heading.current?.focus();
    return () => {
      root?.removeAttribute("inert");
      document.body.classList.remove("report-open");
      document.title = title;
    };
  }, [question]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== "Escape") return;
    event.stopPropagation();
    onClose();
  };

  const shown = rows.slice(0, fit.rows);
  const more = rows.length - shown.length;
  const interpretation = answer.interpretation ?? [];

  return createPortal(
    <div className="report-overlay" role="dialog" aria-modal="true" aria-labelledby="report-title"
      data-ready={ready ? "yes" : "no"} onKeyDown={onKeyDown}>
      <div className="report-bar">
        <p className="report-bar-text">
          Report preview: one Letter page. Choose <strong>Save as PDF</strong> in the print dialog to keep a file.
        </p>
        <button type="button" className="btn btn-small btn-primary" onClick={print} disabled={!ready}>
          <PrintIcon /> Print / Save as PDF
        </button>
        <button type="button" className="btn btn-small" onClick={onClose}>
          <CloseIcon /> Close
        </button>
      </div>
      <div className="report-stage">
        <article className="report-sheet" aria-label="Report page">
          <div className="report-content" ref={content}>
            <div className="report-flow" ref={flow}>
              <header className="report-header">
                <span className="report-brand">
                  <img src="/favicon.svg" alt="" width={22} height={22} />
                  Awning Assistant
                </span>
                <span className="report-kind">Data report · printed {printedAt}</span>
              </header>
              <h2 className="report-question" id="report-title" ref={heading} tabIndex={-1}>
                {question}
              </h2>
              <p className="report-meta">
                Asked by <strong>{user?.name ?? "—"}</strong>
                {user ? ` (${user.role})` : ""} on {formatWhen(answer.askedAt)}
              </p>
              {interpretation.length > 0 && (
                <div className="report-understood">
                  <span className="report-label" aria-hidden="true">
                    What I understood
                  </span>
                  <Understood parts={interpretation} />
                </div>
              )}
              <div className={`report-answer${fit.answerHeight !== null ? " is-cut" : ""}`} ref={answerBox}
                style={fit.answerHeight !== null ? { maxHeight: fit.answerHeight } : undefined}>
                <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />
              </div>
              {fit.answerHeight !== null && <p className="report-more">… the rest of the answer is in the app.</p>}
              {answer.notice && <p className="report-notice">{answer.notice}</p>}
              {spec && chart.state === "drawn" && (
                <figure className="report-chart">
                  <figcaption>{spec.title}</figcaption>
                  <img src={chart.url} alt={`Chart: ${spec.title}`} width={PAGE_WIDTH} height={chart.height}
                    onLoad={(event) => {
                      const src = event.currentTarget.getAttribute("src");
                      setChart((c) => (c.state === "drawn" && c.url === src ? { ...c, loaded: true } : c));
                    }} />
                </figure>
              )}
              {spec && chart.state === "failed" && <p className="report-more">The chart could not be drawn.</p>}
              {shown.length > 0 && (
                <table className="report-table">
                  <caption className="sr-only">Data for: {question}</caption>
                  <thead>
                    <tr>
                      {table.columns.map((column, i) => (
                        <th key={column + i} scope="col" className={numeric[i] ? "num" : undefined}>
                          {column}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {shown.map((row, r) => (
                      <tr key={r}>
                        {table.columns.map((_, c) => (
                          <td key={c} className={[numeric[c] && "num", short[c] && "short"].filter(Boolean).join(" ")}>
                            {formatCell(row[c], table.columns[c], money[c])}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {more > 0 && (
                <p className="report-more" data-testid="report-more">
                  {shown.length > 0
                    ? `… and ${more} more ${more === 1 ? "row" : "rows"} (see the CSV)`
                    : `The ${more} rows of data are in the CSV.`}
                </p>
              )}
            </div>
          </div>
        </article>
      </div>
    </div>,
    document.body,
  );
}
