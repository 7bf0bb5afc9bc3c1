import type { Metadata } from 'next';
import { PostmortemView } from '@/components/postmortem/postmortem-view';

export const metadata: Metadata = { title: 'Postmortem · Lifeguard' };

type Props = { params: Promise<{ id: string }> };

export default async function PostmortemPage({ params }: Props) {
  const { id } = await params;
  return <PostmortemView id={id} />;
}
