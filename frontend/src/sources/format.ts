/** Labels and value formatting for business records in the side panel. */

const LABELS: Record<string, string> = {
  CustID: "Customer ID",
  WOName: "Job",
  ROName: "Job",
  WorkOrderNo: "Work order",
  RepairOrderNo: "Repair order",
  InventoryKey: "Item",
  DateIn: "Date in",
  DateRequired: "Due",
  DateCompleted: "Completed",
  RushOrder: "Rush",
  RepairsNeeded: "Repairs needed",
  SpecialInstructions: "Special instructions",
  RepairsDescription: "Repairs",
  ZipCode: "ZIP",
  SizeWgt: "Size / weight",
  LaborHours: "Labor (h)",
  PartsCost: "Parts",
  UnitPrice: "Unit price",
  Qty: "Qty",
};

export const MONEY_FIELDS = new Set(["Total", "Price", "UnitPrice", "PartsCost"]);

export function fieldLabel(key: string): string {
  return LABELS[key] ?? key.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/_/g, " ");
}

const money = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

export function formatValue(key: string, value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (MONEY_FIELDS.has(key) && (typeof value === "number" || /^-?\d+(\.\d+)?$/.test(String(value))))
    return money.format(Number(value));
  if (key === "Status") return String(value).replace(/_/g, " ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}
