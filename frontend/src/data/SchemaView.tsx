/** The data dictionary: the views and columns the SQL API, the model's SQL and the "How this was computed"
 * disclosure use, with their meanings, as the server documents them for the caller (staff: no order money). */

import { useEffect, useState } from "react";
import { api } from "../api/client";
import { errorMessage } from "../api/http";
import type { AnalyticsSchema } from "../api/types";
import { ScrollTable } from "../ui/ScrollTable";

export function SchemaView() {
  const [schema, setSchema] = useState<AnalyticsSchema | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api
      .analyticsSchema()
      .then(setSchema)
      .catch((e: unknown) => setError(errorMessage(e)));
  }, []);

  return (
    <section className="documents schema" aria-labelledby="schema-title">
      <h2 id="schema-title">Data dictionary</h2>
      <p className="muted">
        What the shop's figures are computed from: one row per order, line item, customer or stock item. The SQL
        shown under "How this was computed" uses these names.
      </p>
      {error && (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      )}
      {!schema && !error && <p className="muted">Loading the data dictionary…</p>}
      {schema?.views.map((view) => (
        <div key={view.name} className="schema-view" data-view={view.name}>
          <h3 className="documents-subtitle">
            <code>{view.name}</code> <span className="muted">— {view.meaning}</span>
          </h3>
          <ScrollTable label={`Columns of ${view.name}`}>
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Column</th>
                  <th scope="col">Type</th>
                  <th scope="col">Meaning</th>
                </tr>
              </thead>
              <tbody>
                {view.columns.map((column) => (
                  <tr key={column.name} data-column={column.name}>
                    <td>
                      <code>{column.name}</code>
                    </td>
                    <td>{column.type}</td>
                    <td>{column.meaning}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
        </div>
      ))}
      {schema && schema.measures.length > 0 && (
        <>
          <h3 className="documents-subtitle">Measures</h3>
          <dl className="schema-measures">
            {schema.measures.map((measure) => (
              <div key={measure.name}>
                <dt>
                  <code>{measure.name}</code> — {measure.meaning}
                </dt>
                <dd>
                  <code>{measure.sql}</code>
                </dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </section>
  );
}
