import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api';

/**
 * One factory for every QueryClient (the browser's, and tests'). Live data arrives through the
 * event feed, so queries never refetch on a timer or on focus by themselves; hooks switch polling
 * on only while the feed is down (see usePollInterval).
 */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // A 4xx will not change by asking again; the store restarting (503) or a dropped network will.
        retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 3,
        retryDelay: (attempt) => Math.min(1000 * 2 ** attempt, 5000),
      },
    },
  });
}
