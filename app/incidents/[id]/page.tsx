import type { Metadata } from 'next';
import { IncidentView } from '@/components/incident/incident-view';

export const metadata: Metadata = { title: 'Incident · Lifeguard' };

type Props = { params: Promise<{ id: string }> };

/** Thin on purpose: the incident is a live client view (ticks and notes arrive pushed). */
export default async function IncidentPage({ params }: Props) {
  const { id } = await params;
  return <IncidentView id={id} />;
}
