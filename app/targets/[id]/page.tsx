import { TargetDashboard } from '@/components/target/target-dashboard';
import { parseMoment } from '@/lib/browser/moment';
import { parseTimeRange } from '@/lib/browser/time-range';

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** Thin on purpose: read the URL, hand the parsed range (and the moment looked at, if any) to the live client view. */
export default async function TargetPage({ params, searchParams }: Props) {
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const { range, error } = parseTimeRange(query);
  const moment = parseMoment(query);
  return <TargetDashboard id={id} range={range} rangeError={error} at={moment.at} atError={moment.error} />;
}
