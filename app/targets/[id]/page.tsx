import { TargetDashboard } from '@/components/target/target-dashboard';
import { parseMoment } from '@/lib/browser/moment';
import { DEFAULT_RANGE, TROUBLE_RANGE, hasRangeInUrl, parseTimeRange } from '@/lib/browser/time-range';
import { getDb } from '@/lib/runtime';
import { isTargetInTrouble } from '@/lib/targets/trouble';

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/**
 * Thin on purpose: read the URL, hand the parsed range (and the moment looked at, if any) to the
 * live client view. Without a range in the URL, a target with an active alert or incident opens on
 * the short range that shows the climb.
 */
export default async function TargetPage({ params, searchParams }: Props) {
  const [{ id }, query] = await Promise.all([params, searchParams]);
  // Only a default: with the store away the page must still open (its live view says what is
  // unavailable), so a failed look-up means the usual range.
  const inTrouble = !hasRangeInUrl(query) && (await getDb().then((db) => isTargetInTrouble(db, id)).catch(() => false));
  const { range, error } = parseTimeRange(query, inTrouble ? TROUBLE_RANGE : DEFAULT_RANGE);
  const moment = parseMoment(query);
  return <TargetDashboard id={id} range={range} rangeError={error} at={moment.at} atError={moment.error} />;
}
