import type { Metadata } from 'next';
import { IncidentView } from '@/components/incident/incident-view';
import { config } from '@/lib/config';

export const metadata: Metadata = { title: 'Incident · Lifeguard' };

type Props = { params: Promise<{ id: string }> };

/**
 * Thin on purpose: the incident is a live client view (ticks and notes arrive pushed). The
 * status-update reminder periods are configuration, read here on the server.
 */
export default async function IncidentPage({ params }: Props) {
  const { id } = await params;
  return <IncidentView id={id} reminderMinutes={config().statusUpdateMinutes} />;
}
