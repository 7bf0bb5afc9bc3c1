import type { Metadata } from 'next';
import { PostmortemWorkspace } from '@/components/postmortem/postmortem-workspace';

export const metadata: Metadata = { title: 'Postmortem · Lifeguard' };

type Props = { params: Promise<{ id: string }> };

export default async function PostmortemPage({ params }: Props) {
  const { id } = await params;
  return <PostmortemWorkspace id={id} />;
}
