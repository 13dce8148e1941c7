/** Who sees the manager's console: managers and admins read it; only admins change it (mark reviewed). */

import type { Role } from "../api/types";

export function canSeeConsole(role: Role | undefined): boolean {
  return role === "admin" || role === "manager";
}

export function canMarkReviewed(role: Role | undefined): boolean {
  return role === "admin";
}
