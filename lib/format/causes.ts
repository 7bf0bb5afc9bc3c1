import type { CauseKind } from '@/lib/finding/causes/types';

/** What each cause is called on screen and in the postmortem. */
export const CAUSE_LABELS: Record<CauseKind, string> = {
  'over-budget': 'Over-budget pools',
  'held-idle': 'Held but idle',
  'idle-in-transaction': 'Idle in transaction',
  'lock-pileup': 'Lock pile-up',
  'slow-queries': 'Slow queries',
  'connection-storm': 'Connection storm',
  unattributed: 'Unattributed sessions',
};
