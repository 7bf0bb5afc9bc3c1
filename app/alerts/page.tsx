import type { Metadata } from 'next';
import { AlertsNav } from '@/components/alerts/alerts-nav';
import { AlertsView } from '@/components/alerts/alerts-view';

export const metadata: Metadata = { title: 'Alerts · Lifeguard' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Thin on purpose: the tab comes from the URL (shareable), the lists are live client views. */
export default async function AlertsPage({ searchParams }: Props) {
  const { tab } = await searchParams;
  return (
    <>
      <div className="title-row page-title">
        <h1>Alerts</h1>
        <AlertsNav current="/alerts" />
      </div>
      <AlertsView tab={tab === 'history' ? 'history' : 'active'} />
    </>
  );
}
