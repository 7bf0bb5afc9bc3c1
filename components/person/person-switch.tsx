'use client';

import { personStore, usePerson } from '@/lib/browser/person';

/** The header's "you are …", changeable at any time (a shared laptop in the war room). */
export function PersonSwitch() {
  const { name, account } = usePerson();
  if (account) {
    return (
      <a className="person-switch" href="/signin" data-testid="person-switch" title="Signed in; sign in as someone else">
        You: {account}
      </a>
    );
  }
  return (
    <button type="button" className="person-switch" onClick={() => personStore().openPrompt()} data-testid="person-switch" title="Change the name recorded with your changes">
      {name ? <>You: {name}</> : 'Set your name'}
    </button>
  );
}
