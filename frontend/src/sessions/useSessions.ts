/** The signed-in user's past conversations, newest first. */

import { useCallback, useEffect, useState } from "react";
import { api } from "../api/client";
import { errorMessage } from "../api/http";
import type { SessionSummary } from "../api/types";

export interface Sessions {
  items: SessionSummary[];
  error: string | null;
  loading: boolean;
  refresh: () => void;
}

export function useSessions(): Sessions {
  const [items, setItems] = useState<SessionSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);

  const refresh = useCallback(() => {
    api
      .sessions()
      .then((list) => {
        setItems([...list].sort((a, b) => b.updated_at.localeCompare(a.updated_at)));
        setError(null);
      })
      .catch((e: unknown) => setError(errorMessage(e)))
      .finally(() => setLoading(false));
  }, []);

  useEffect(refresh, [refresh]);
  return { items, error, loading, refresh };
}
