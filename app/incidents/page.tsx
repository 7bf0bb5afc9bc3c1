import type { Metadata } from 'next';
import { IncidentFiltersBar } from '@/components/incidents/incident-filters-bar';
import { IncidentList } from '@/components/incidents/incident-list';
import { parseIncidentFilters } from '@/lib/browser/incident-filters';

export const metadata: Metadata = { title: 'Incidents · Lifeguard' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Thin on purpose: the filters come from the URL (shareable), the list is a live client view. */
export default async function IncidentsPage({ searchParams }: Props) {
  const filters = parseIncidentFilters(await searchParams);
  return (
    <>
      <h1>Incidents</h1>
      <IncidentFiltersBar filters={filters} />
      <IncidentList filters={filters} />
    </>
  );
}
