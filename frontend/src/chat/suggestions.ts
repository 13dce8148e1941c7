/** Quick actions, and follow-up questions: the server's suggestions when it declined or refused
 * (ones it can answer for this user), else ones picked by the kind of the last answer. */

import type { ChatResponse } from "../api/types";

export interface QuickAction {
  label: string;
  question: string;
  icon: "queue" | "overdue" | "stock" | "revenue";
}

export const QUICK_ACTIONS: QuickAction[] = [
  { label: "Today's cleaning queue", question: "What's in the cleaning queue today?", icon: "queue" },
  { label: "Overdue orders", question: "Which orders are overdue?", icon: "overdue" },
  { label: "Inventory status", question: "What's our stock of Sunbrella Canvas?", icon: "stock" },
  { label: "Last month's revenue", question: "What was our revenue last month, cleaning vs repairs?", icon: "revenue" },
];

type Kind = "orders" | "revenue" | "stock" | "customers" | "documents" | "other";

export function answerKind(question: string, response: ChatResponse | undefined): Kind {
  const columns = (response?.data?.columns ?? []).map((c) => c.toLowerCase());
  const q = question.toLowerCase();
  if (columns.includes("month") || /revenue|sales|took in|earn|income/.test(q)) return "revenue";
  if (columns.includes("qty") || /stock|inventory|fabric on hand/.test(q)) return "stock";
  if (columns.includes("order") || columns.includes("status") || /order|queue|overdue|due|job/.test(q)) return "orders";
  if (columns.includes("revenue") || /customer/.test(q)) return "customers";
  if (response?.sources.some((s) => s.type === "document")) return "documents";
  return "other";
}

const FOLLOW_UPS: Record<Kind, string[]> = {
  orders: ["Which of those are rush orders?", "Which orders are due this week?", "Which orders are overdue?"],
  revenue: [
    "What was our revenue this year, by month?",
    "Who were our top customers last month?",
    "How many orders did we complete last month?",
  ],
  stock: ["What's our stock of vinyl?", "Do we have any clear vinyl in stock?", "What's in the cleaning queue today?"],
  customers: ["Which of their orders are still open?", "Who are our top customers this year?"],
  documents: ["What's our warranty on restitching?", "What's the rush order policy?"],
  other: ["What's in the cleaning queue today?", "Which orders are overdue?"],
};

export function followUps(question: string, response: ChatResponse | undefined): string[] {
  if (response?.suggestions?.length) return response.suggestions;
  const q = question.trim().toLowerCase();
  return FOLLOW_UPS[answerKind(question, response)].filter((s) => s.toLowerCase() !== q).slice(0, 3);
}
