import { TargetOverview } from '@/components/overview/target-overview';

export default function OverviewPage() {
  return (
    <>
      <h1>Overview</h1>
      <TargetOverview />
    </>
  );
}
