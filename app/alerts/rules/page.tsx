import type { Metadata } from 'next';
import { AlertsNav } from '@/components/alerts/alerts-nav';
import { RulesView } from '@/components/alerts/rules-view';

export const metadata: Metadata = { title: 'Alert rules · Lifeguard' };

export default function AlertRulesPage() {
  return (
    <>
      <div className="title-row page-title">
        <h1>Alert rules</h1>
        <AlertsNav current="/alerts/rules" />
      </div>
      <RulesView />
    </>
  );
}
