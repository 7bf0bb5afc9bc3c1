'use client';

import { useCallback, useEffect, useState } from 'react';
import { apiRequest, ApiError } from '@/lib/browser/api';

/** An admin list (users, tokens, audit) fetched from its API, with a reload after each change. */
export function useAdminList<T>(path: string) {
  const [items, setItems] = useState<T[]>([]);
  const [error, setError] = useState<string>();
  const reload = useCallback(() => {
    apiRequest<T[]>(path)
      .then((list) => (setItems(list), setError(undefined)))
      .catch((caught: unknown) => setError(caught instanceof ApiError ? caught.message : 'could not load'));
  }, [path]);
  useEffect(reload, [reload]);
  return { items, error, setError, reload };
}
