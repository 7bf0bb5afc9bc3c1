import { plural } from './holders';
import type { Cause, CauseInput } from './types';

const UNATTRIBUTED_SHARE = 0.1;
const UNATTRIBUTED_MIN = 5;
const ADDRESSES_SHOWN = 5;

/** Unattributed: many sessions without an application_name, so who holds them cannot be told. */
export function unattributed(input: CauseInput): Cause | null {
  const unnamed = (input.sample.applications ?? []).filter((holder) => holder.name === '');
  const count = unnamed.reduce((total, holder) => total + holder.total, 0);
  if (count < UNATTRIBUTED_MIN || count < UNATTRIBUTED_SHARE * (input.sample.total ?? 0)) return null;
  const addresses = [...unnamed].sort((a, b) => b.total - a.total);
  return {
    kind: 'unattributed',
    summary: `${plural(count, 'session')} set no application_name: which application holds them cannot be told, only where they connect from.`,
    evidence: [
      ...addresses.slice(0, ADDRESSES_SHOWN).map((holder) => `${holder.clientAddr ?? 'local socket'}: ${plural(holder.total, 'session')}`),
      ...(addresses.length > ADDRESSES_SHOWN ? [`and ${plural(addresses.length - ADDRESSES_SHOWN, 'more address', 'more addresses')}`] : []),
    ],
    fix: 'Set application_name in every client (application_name=<app> in the connection URL, or PGAPPNAME), so the finding can name them.',
    connections: count,
  };
}
