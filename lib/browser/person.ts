import { useSyncExternalStore } from 'react';
import { checkPersonName } from '@/lib/accounts/person-name';

/**
 * Who is acting. Signed in, it is the account (set from GET /api/session). Without accounts: a display name given once and kept in this browser
 * (localStorage, so every tab and later visit agree). Every write sends it as `by`. A write
 * attempted without a name waits here while the prompt asks for one, then goes ahead.
 */

export const PERSON_STORAGE_KEY = 'lifeguard.person';

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem'>;
type Action = (by: string) => void;

export interface PersonState {
  name: string | null;
  /** The signed-in account's display name: then nobody is asked, and the server records the account anyway. */
  account: string | null;
  /** Why the prompt is open: a write is waiting for a name, or the person asked to change it. */
  prompt: 'required' | 'change' | null;
}

export interface PersonStore {
  get(): PersonState;
  subscribe(listener: () => void): () => void;
  /** Saves a name (validated with the API's own rule); returns the error message, if any. */
  setName(name: string): string | null;
  /** Runs `action` with the name now, or as soon as the person has given one. */
  withPerson(action: Action): void;
  openPrompt(): void;
  /** Closes the prompt; a write that was waiting for a name is dropped. */
  dismiss(): void;
  /** Another tab changed the name. */
  reload(): void;
  /** GET /api/session said who is signed in (null: nobody). */
  setAccount(name: string | null): void;
}

export function createPersonStore(storage: Storage | null): PersonStore {
  const read = (): string | null => {
    try {
      const checked = checkPersonName(storage?.getItem(PERSON_STORAGE_KEY) ?? '');
      return 'name' in checked ? checked.name : null;
    } catch {
      return null; // storage disabled (private mode): ask every time instead of failing
    }
  };
  let state: PersonState = { name: read(), account: null, prompt: null };
  let pending: Action | null = null;
  const listeners = new Set<() => void>();
  const update = (patch: Partial<PersonState>) => {
    state = { ...state, ...patch };
    for (const listener of listeners) listener();
  };

  return {
    get: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setName(raw) {
      const checked = checkPersonName(raw);
      if ('error' in checked) return checked.error;
      try {
        storage?.setItem(PERSON_STORAGE_KEY, checked.name);
      } catch {
        // kept for this tab only
      }
      const action = pending;
      pending = null;
      update({ name: checked.name, prompt: null });
      action?.(checked.name);
      return null;
    },
    withPerson(action) {
      if (state.account) return action(state.account);
      if (state.name) return action(state.name);
      pending = action;
      update({ prompt: 'required' });
    },
    openPrompt: () => update({ prompt: 'change' }),
    dismiss() {
      pending = null;
      update({ prompt: null });
    },
    reload: () => update({ name: read() }),
    setAccount: (account) => update({ account }),
  };
}

let browserStore: PersonStore | null = null;

/** The tab's one store, created on first use in the browser (localStorage does not exist on the server). */
export function personStore(): PersonStore {
  if (!browserStore) {
    browserStore = createPersonStore(window.localStorage);
    const store = browserStore;
    window.addEventListener('storage', (event) => {
      if (event.key === PERSON_STORAGE_KEY) store.reload();
    });
  }
  return browserStore;
}

const SERVER_STATE: PersonState = { name: null, account: null, prompt: null };
const subscribe = (listener: () => void) => personStore().subscribe(listener);

export function usePerson(): PersonState {
  return useSyncExternalStore(subscribe, () => personStore().get(), () => SERVER_STATE);
}

/** For event handlers: `withPerson((by) => mutate({ ..., by }))`. */
export function withPerson(action: Action): void {
  personStore().withPerson(action);
}
