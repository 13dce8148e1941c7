/** Who sees the manager's console: managers and admins read it; only admins change it (mark reviewed, edit and
 * publish the prompt). */

import type { Role } from "../api/types";

export function canSeeConsole(role: Role | undefined): boolean {
  return role === "admin" || role === "manager";
}

export function canChangeConsole(role: Role | undefined): boolean {
  return role === "admin";
}
