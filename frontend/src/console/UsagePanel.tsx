/** Usage: a period (7, 14 or 31 days), questions per day by outcome, the period's totals, the answer cache's hit
 * rate, latency, tokens and estimated cost, then per user, the most asked questions and the prices the costs were
 * estimated with. */

import { useCallback, useEffect, useId, useState } from "react";
import { api } from "../api/client";
import { errorMessage } from "../api/http";
import type { DayUsage, UsageReport } from "../api/types";
import { ScrollTable } from "../ui/ScrollTable";
import { count, latency, longDay, rate, shortCount, usd } from "./format";
import { UsageChart } from "./UsageChart";

export const PERIODS = [7, 14, 31] as const;
type Period = (typeof PERIODS)[number];

/** The period's sums: every count of a day. */
type Totals = Omit<DayUsage, "day" | "cache_hit_rate">;

function totals(report: UsageReport): Totals {
  const sum: Totals = { questions: 0, answered: 0, declined: 0, denied: 0, degraded: 0, cached: 0, cache_lookups: 0,
    input_tokens: 0, output_tokens: 0, embedding_tokens: 0, cost_usd: 0 };
  for (const day of report.days) {
    for (const key of Object.keys(sum) as (keyof Totals)[]) sum[key] += day[key];
  }
  return sum;
}

const share = (part: number, whole: number) => (whole > 0 ? ` (${Math.round((part / whole) * 100)}%)` : "");

function Figure({ name, value, detail, title }: { name: string; value: string; detail?: string; title?: string }) {
  return (
    <div className="figure" data-figure={name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}>
      <dt>{name}</dt>
      <dd>
        <span className="figure-value" title={title}>
          {value}
        </span>
        {detail && <span className="figure-detail">{detail}</span>}
      </dd>
    </div>
  );
}

export function UsagePanel() {
  const [days, setDays] = useState<Period>(7);
  const [report, setReport] = useState<UsageReport | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const periodName = useId();

  const load = useCallback((period: Period) => {
    setLoading(true);
    setError(null);
    let stale = false;
    api
      .usage(period)
      .then((next) => !stale && setReport(next))
      .catch((e: unknown) => !stale && setError(errorMessage(e)))
      .finally(() => !stale && setLoading(false));
    return () => {
      stale = true;
    };
  }, []);

  useEffect(() => load(days), [load, days]);

  const sum = report ? totals(report) : null;
  return (
    <div className="console-usage" aria-busy={loading}>
      <div className="console-toolbar">
        <fieldset className="segmented">
          <legend className="segmented-legend">Period</legend>
          {PERIODS.map((period) => (
            <label key={period} className="segment">
              <input type="radio" name={periodName} value={period} checked={days === period}
                onChange={() => setDays(period)} />
              <span>{period} days</span>
            </label>
          ))}
        </fieldset>
        <p className="console-range muted" aria-live="polite">
          {loading && !error ? (
            <>
              <span className="spinner" aria-hidden="true" /> Loading…
            </>
          ) : report ? (
            <>
              {longDay(report.start)} – {longDay(report.end)} <span className="nowrap">(UTC days)</span>
            </>
          ) : null}
        </p>
      </div>

      {error && (
        <p className="banner banner-error" role="alert">
          Usage could not be loaded: {error}{" "}
          <button type="button" className="btn btn-link" onClick={() => load(days)}>
            Retry
          </button>
        </p>
      )}

      {report && sum && (
        <>
          <h3 className="sr-only">Summary</h3>
          <dl className="figures" data-testid="usage-summary">
            <Figure name="Questions" value={count(sum.questions)} />
            <Figure name="Answered" value={count(sum.answered)} detail={share(sum.answered, sum.questions)} />
            <Figure name="Declined" value={count(sum.declined)} detail={share(sum.declined, sum.questions)} />
            <Figure name="Denied" value={count(sum.denied)} detail={share(sum.denied, sum.questions)} />
            <Figure name="Degraded" value={count(sum.degraded)} detail=" (model failed)" />
            <Figure name="Cache hit rate" value={rate(report.cache_hit_rate)}
              detail={` (${count(sum.cached)} of ${count(sum.cache_lookups)})`}
              title="Answered from the cache: the same question, understood alike, same scope, same data" />
            <Figure name="Latency p50 / p95" value={`${latency(report.latency_p50_ms)} / ${latency(report.latency_p95_ms)}`} />
            <Figure name="Tokens in / out" value={`${shortCount(sum.input_tokens)} / ${shortCount(sum.output_tokens)}`}
              title={`${count(sum.input_tokens)} input, ${count(sum.output_tokens)} output tokens`} />
            <Figure name="Embedding tokens" value={shortCount(sum.embedding_tokens)}
              title={`${count(sum.embedding_tokens)} tokens embedded to search for the questions`} />
            <Figure name="Estimated cost" value={usd(sum.cost_usd)} />
          </dl>

          <UsageChart days={report.days} />

          <details className="console-details">
            <summary>The figures per day</summary>
            <ScrollTable label="Questions per day">
              <table className="data-table console-days">
                <thead>
                  <tr>
                    <th scope="col">Day</th>
                    <th scope="col" className="num">Questions</th>
                    <th scope="col" className="num">Answered</th>
                    <th scope="col" className="num">Declined</th>
                    <th scope="col" className="num">Denied</th>
                    <th scope="col" className="num">Degraded</th>
                    <th scope="col" className="num">Input tokens</th>
                    <th scope="col" className="num">Output tokens</th>
                    <th scope="col" className="num">Embedding tokens</th>
                    <th scope="col" className="num">Est. cost</th>
                  </tr>
                </thead>
                <tbody>
                  {[...report.days].reverse().map((day) => (
                    <tr key={day.day} data-day={day.day}>
                      <th scope="row">{longDay(day.day)}</th>
                      <td className="num" data-col="questions">{count(day.questions)}</td>
                      <td className="num">{count(day.answered)}</td>
                      <td className="num">{count(day.declined)}</td>
                      <td className="num">{count(day.denied)}</td>
                      <td className="num">{count(day.degraded)}</td>
                      <td className="num">{count(day.input_tokens)}</td>
                      <td className="num">{count(day.output_tokens)}</td>
                      <td className="num">{count(day.embedding_tokens)}</td>
                      <td className="num">{usd(day.cost_usd)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollTable>
          </details>

          <div className="console-columns">
            <section aria-labelledby="usage-users">
              <h3 id="usage-users" className="documents-subtitle">By user</h3>
              {report.users.length === 0 ? (
                <p className="muted">Nobody asked anything in this period.</p>
              ) : (
                <ScrollTable label="Usage by user">
                  <table className="data-table console-users">
                    <thead>
                      <tr>
                        <th scope="col">User</th>
                        <th scope="col" className="num">Questions</th>
                        <th scope="col" className="num">Tokens in / out</th>
                        <th scope="col" className="num">Embedded</th>
                        <th scope="col" className="num">Est. cost</th>
                      </tr>
                    </thead>
                    <tbody>
                      {report.users.map((user) => (
                        <tr key={user.username} data-user={user.username}>
                          <th scope="row">{user.username}</th>
                          <td className="num" data-col="questions">{count(user.questions)}</td>
                          <td className="num">
                            {count(user.input_tokens)} / {count(user.output_tokens)}
                          </td>
                          <td className="num">{count(user.embedding_tokens)}</td>
                          <td className="num">{usd(user.cost_usd)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </ScrollTable>
              )}
            </section>

            <section aria-labelledby="usage-top">
              <h3 id="usage-top" className="documents-subtitle">Most asked</h3>
              {report.top_questions.length === 0 ? (
                <p className="muted">No questions in this period.</p>
              ) : (
                <ScrollTable label="Most asked questions">
                  <table className="data-table console-top">
                    <thead>
                      <tr>
                        <th scope="col">Question</th>
                        <th scope="col" className="num">Asked</th>
                      </tr>
                    </thead>
                    <tbody>
                      {report.top_questions.map((q) => (
                        <tr key={q.question}>
                          <td>{q.question}</td>
                          <td className="num">{count(q.count)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </ScrollTable>
              )}
            </section>
          </div>

          <section aria-labelledby="usage-prices" className="console-prices">
            <h3 id="usage-prices" className="documents-subtitle">Prices used for the estimates</h3>
            <p className="muted">
              Costs are estimated from each answer's token counts (model calls and embeddings) at these list prices
              (US dollars per million tokens); the provider's bill is what counts.
            </p>
            <ScrollTable label="Model prices">
              <table className="data-table console-price-table">
                <thead>
                  <tr>
                    <th scope="col">Model</th>
                    <th scope="col" className="num">Input</th>
                    <th scope="col" className="num">Output</th>
                  </tr>
                </thead>
                <tbody>
                  {report.prices.map((price) => (
                    <tr key={price.model}>
                      <th scope="row">
                        <code>{price.model}</code>
                      </th>
                      <td className="num">{usd(price.input_usd_per_million)}</td>
                      <td className="num">{usd(price.output_usd_per_million)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollTable>
          </section>
        </>
      )}
    </div>
  );
}
