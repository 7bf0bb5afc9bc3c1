import { ApplicationDashboard } from '@/components/applications/application-dashboard';
import { parseTimeRange } from '@/lib/browser/time-range';

type Props = {
  params: Promise<{ name: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** Thin on purpose: read the URL, hand the application and the parsed range to the live client view. */
export default async function ApplicationPage({ params, searchParams }: Props) {
  const [{ name }, query] = await Promise.all([params, searchParams]);
  const { range, error } = parseTimeRange(query);
  return <ApplicationDashboard name={decodeURIComponent(name)} range={range} rangeError={error} />;
}
