'use client';

import { QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { PersonPrompt } from '@/components/person/person-prompt';
import { FeedContext, createFeedStore, useLiveFeed } from '@/lib/browser/live-feed';
import { makeQueryClient } from '@/lib/browser/query-client';
import { useOnSignInPage } from '@/lib/browser/hooks/use-on-sign-in-page';

/** One QueryClient and one live feed per browser tab (useState: created once, not per render). */
export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(makeQueryClient);
  const [feed] = useState(createFeedStore);
  useLiveFeed(client, feed, { enabled: !useOnSignInPage() });
  return (
    <QueryClientProvider client={client}>
      <FeedContext value={feed}>
        {children}
        {/* Once for the app: any write anywhere may need to ask who is acting. */}
        <PersonPrompt />
      </FeedContext>
    </QueryClientProvider>
  );
}
