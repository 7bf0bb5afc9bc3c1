import type { Metadata } from 'next';
import { IncidentWorkspace } from '@/components/incident/incident-workspace';
import { config } from '@/lib/config';

export const metadata: Metadata = { title: 'Incident · Lifeguard' };

type Props = { params: Promise<{ id: string }> };

/**
 * Thin on purpose: the incident is a live client view (ticks and notes arrive pushed). The
 * status-update reminder periods are configuration, read here on the server.
 */
export default async function IncidentPage({ params }: Props) {
  const { id } = await params;
  return <IncidentWorkspace id={id} reminderMinutes={config().statusUpdateMinutes} />;
}
