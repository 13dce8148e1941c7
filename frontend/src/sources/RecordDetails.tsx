/** A business record in the side panel: its fields, its items table, its customer's contact. */

import type { CustomerSummary, RecordView } from "../api/types";
import { TYPE_LABELS } from "../chat/sources";
import { fieldLabel, formatValue, MONEY_FIELDS } from "./format";
import { ScrollTable } from "../ui/ScrollTable";

/** Fields shown first, in this order, per record type; the rest follow as they come. */
const LEAD_FIELDS: Record<string, string[]> = {
  work_order: ["WOName", "Status", "RushOrder", "DateIn", "DateRequired", "DateCompleted", "Total", "RepairsNeeded",
    "SpecialInstructions"],
  repair_order: ["ROName", "Status", "RushOrder", "DateIn", "DateRequired", "DateCompleted", "Total",
    "RepairsDescription"],
  customer: ["Name", "Contact", "Phone", "Email", "Address", "City", "State", "ZipCode", "Territory", "Source", "Notes"],
  inventory: ["Description", "Material", "Color", "Condition", "Qty", "Unit", "UnitPrice", "Location"],
};

/** Identity fields already in the panel's title. */
const HIDDEN = new Set(["WorkOrderNo", "RepairOrderNo", "InventoryKey", "CustID"]);

type Row = Record<string, unknown>;

function isRowList(value: unknown): value is Row[] {
  return Array.isArray(value) && value.every((v) => v !== null && typeof v === "object" && !Array.isArray(v));
}

function Fields({ record, type }: { record: Row; type: string }) {
  const lead = LEAD_FIELDS[type] ?? [];
  const keys = [
    ...lead.filter((k) => k in record),
    ...Object.keys(record).filter((k) => !lead.includes(k) && !HIDDEN.has(k) && !isRowList(record[k])),
  ];
  const status = typeof record.Status === "string" ? record.Status : null;
  return (
    <dl className="fields">
      {keys.map((key) => (
        <div key={key} className={`field field-${key}`}>
          <dt>{fieldLabel(key)}</dt>
          <dd>
            {key === "Status" && status ? (
              <span className={`status status-${status}`}>{formatValue(key, status)}</span>
            ) : (
              formatValue(key, record[key])
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function ItemsTable({ title, items }: { title: string; items: Row[] }) {
  const columns = [...new Set(items.flatMap((item) => Object.keys(item)))];
  if (items.length === 0) return null;
  return (
    <section className="panel-section">
      <h3>{title}</h3>
      <ScrollTable label={title}>
        <table className="data-table items-table">
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c} scope="col" className={MONEY_FIELDS.has(c) || c === "Qty" ? "num" : undefined}>
                  {fieldLabel(c)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {items.map((item, i) => (
              <tr key={i}>
                {columns.map((c) => (
                  <td key={c} className={MONEY_FIELDS.has(c) || c === "Qty" ? "num" : undefined}>
                    {formatValue(c, item[c])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
    </section>
  );
}

function CustomerCard({ customer }: { customer: CustomerSummary }) {
  return (
    <section className="panel-section customer-card" aria-label="Customer contact">
      <h3>Customer</h3>
      <p className="customer-name">
        {customer.Name} <span className="muted">· {customer.CustID}</span>
      </p>
      <dl className="fields">
        {customer.Contact && customer.Contact !== customer.Name && (
          <div className="field">
            <dt>Contact</dt>
            <dd>{customer.Contact}</dd>
          </div>
        )}
        {customer.Phone && (
          <div className="field">
            <dt>Phone</dt>
            <dd>
              <a href={`tel:${customer.Phone.replace(/[^\d+]/g, "")}`}>{customer.Phone}</a>
            </dd>
          </div>
        )}
        {customer.Email && (
          <div className="field">
            <dt>Email</dt>
            <dd>
              <a href={`mailto:${customer.Email}`}>{customer.Email}</a>
            </dd>
          </div>
        )}
        <div className="field">
          <dt>Territory</dt>
          <dd>{customer.Territory}</dd>
        </div>
      </dl>
    </section>
  );
}

export function RecordDetails({ view }: { view: RecordView }) {
  const lists = Object.entries(view.record).filter((entry): entry is [string, Row[]] => isRowList(entry[1]));
  return (
    <article className="record" data-record-type={view.type} data-record-id={view.id}>
      <p className="record-kind">{TYPE_LABELS[view.type] ?? view.type}</p>
      <h2 className="record-title">{view.title}</h2>
      <Fields record={view.record} type={view.type} />
      {lists.map(([key, items]) => (
        <ItemsTable key={key} title={fieldLabel(key)} items={items} />
      ))}
      {view.customer && view.type !== "customer" && <CustomerCard customer={view.customer} />}
    </article>
  );
}
