import type { Metadata } from 'next';
import { TemplateList } from '@/components/checklists/template-list';

export const metadata: Metadata = { title: 'Checklists · Lifeguard' };

export default function ChecklistsPage() {
  return (
    <>
      <h1>Checklist templates</h1>
      <p className="muted">A new incident gets the default checklist, or the template chosen when it is declared.</p>
      <TemplateList />
    </>
  );
}
