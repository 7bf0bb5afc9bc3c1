'use client';

import { useState, type FormEvent } from 'react';
import { useIncidentChannels } from '@/lib/browser/hooks/use-incident-channels';
import { EditButton, SaveCancel } from './inline-edit';

interface Props {
  channel: { id: string; name: string } | null;
  pending: boolean;
  onSave: (channelId: string | null, done: () => void) => void;
}

const DEFAULT = '';

/**
 * Where the incident's updates are posted: a Slack receiver chosen here, or the one an admin
 * marked as the default channel. The receivers' names come from the server only when someone edits.
 */
export function ChannelPicker({ channel, pending, onSave }: Props) {
  const [editing, setEditing] = useState(false);
  const channels = useIncidentChannels(editing);
  const fallback = channels.data?.find((option) => option.defaultChannel && option.enabled);

  if (!editing) {
    return (
      <span className="editable" data-testid="channel">
        {channel ? channel.name : <span className="muted">the default channel</span>}
        <EditButton name="updates channel" onEdit={() => setEditing(true)} />
      </span>
    );
  }
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const chosen = String(new FormData(event.currentTarget).get('channel') ?? DEFAULT);
    onSave(chosen === DEFAULT ? null : chosen, () => setEditing(false));
  };
  return (
    <form className="inline-edit" onSubmit={submit}>
      <select name="channel" aria-label="Updates channel" defaultValue={channel?.id ?? DEFAULT} disabled={channels.isPending}>
        <option value={DEFAULT}>{fallback ? `Default (${fallback.name})` : 'Default (none marked: nothing is posted)'}</option>
        {channels.data?.map((option) => (
          <option key={option.id} value={option.id}>
            {option.name}
            {option.enabled ? '' : ' (disabled)'}
          </option>
        ))}
      </select>
      <SaveCancel pending={pending || channels.isPending} onCancel={() => setEditing(false)} />
      {channels.error && <span className="field-error">{channels.error.message}</span>}
    </form>
  );
}
