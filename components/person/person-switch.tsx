'use client';

import { personStore, usePerson } from '@/lib/client/person';

/** The header's "you are …", changeable at any time (a shared laptop in the war room). */
export function PersonSwitch() {
  const { name } = usePerson();
  return (
    <button type="button" className="person-switch" onClick={() => personStore().openPrompt()} data-testid="person-switch" title="Change the name recorded with your changes">
      {name ? <>You: {name}</> : 'Set your name'}
    </button>
  );
}
