import type { Metadata } from 'next';
import { AddTargetForm } from '@/components/targets/add-target-form';
import { TargetList } from '@/components/targets/target-list';

export const metadata: Metadata = { title: 'Targets · Lifeguard' };

export default function TargetsPage() {
  return (
    <>
      <h1>Targets</h1>
      <TargetList />
      <AddTargetForm />
    </>
  );
}
