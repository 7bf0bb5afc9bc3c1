import { describe, expect, it } from 'vitest';
import { postEventOf, type IncidentPost } from '@/lib/incidents/channel/post';
import { incidentPostText, incidentSlackPayload } from '@/lib/incidents/channel/slack';

const incident: IncidentPost['incident'] = {
  id: '6f1c1c5e-0000-4000-8000-000000000012',
  number: 12,
  title: 'Checkout <down> & out',
  severity: 'SEV1',
  status: 'identified',
  commander: 'Alice',
  scribe: 'Bob',
  communicationsLead: '',
};
const post = (overrides: Partial<IncidentPost>): IncidentPost => ({
  event: 'status',
  incident,
  author: 'Alice',
  at: '2026-11-29T10:00:00.000Z',
  text: 'Status changed from investigating to identified',
  update: null,
  overdue: null,
  ...overrides,
});
const texts = (payload: ReturnType<typeof incidentSlackPayload>) =>
  payload.blocks.map((block) => (block.type === 'section' ? block.text.text : block.elements.map((element) => element.text).join(' ')));

describe('which timeline entries an incident’s channel hears of', () => {
  it('posts declaration, status, severity, role changes and status updates, and nothing else', () => {
    expect(postEventOf({ kind: 'created' })).toBe('declared');
    expect(postEventOf({ kind: 'status' })).toBe('status');
    expect(postEventOf({ kind: 'severity' })).toBe('severity');
    expect(postEventOf({ kind: 'status_update' })).toBe('status_update');
    for (const field of ['commander', 'scribe', 'communicationsLead']) expect(postEventOf({ kind: 'field', data: { field } })).toBe('role');
    for (const field of ['title', 'impact', 'channel', 'targets', 'startedAt']) expect(postEventOf({ kind: 'field', data: { field } })).toBeNull();
    for (const kind of ['note', 'checklist', 'alert', 'remediation']) expect(postEventOf({ kind })).toBeNull();
  });
});

describe('an incident’s Slack message', () => {
  it('says in its text which incident, how bad, where it stands and what happened', () => {
    expect(incidentPostText(post({}))).toBe('INC-12 (SEV1, identified) “Checkout <down> & out”: Status changed from investigating to identified');
  });

  it('links the incident, escapes Slack’s control characters and names the roles held', () => {
    const [head, context] = texts(incidentSlackPayload(post({ event: 'declared', text: 'Alice declared INC-12 “Checkout <down> & out” (SEV1)' }), 'https://lifeguard.example/'));
    expect(head).toBe('*<https://lifeguard.example/incidents/6f1c1c5e-0000-4000-8000-000000000012|INC-12>* declared: Checkout &lt;down&gt; &amp; out');
    expect(texts(incidentSlackPayload(post({ event: 'declared' }), 'https://lifeguard.example')).at(-1)).toBe(
      'SEV1 · identified · Commander: Alice · Scribe: Bob · Communications lead: nobody · Alice at 2026-11-29T10:00:00.000Z',
    );
    expect(context).toContain('Alice declared INC-12');
  });

  it('gives a status update one section per part, “none” for an empty one', () => {
    const payload = incidentSlackPayload(post({ event: 'status_update', update: { conditions: 'Pool at 100 %', actions: 'Raising max_connections', needs: '' } }), 'https://lifeguard.example');
    expect(payload.text).toBe('INC-12 (SEV1, identified) “Checkout <down> & out”: status update');
    expect(texts(payload).slice(1, 4)).toEqual(['*Conditions*\nPool at 100 %', '*Actions*\nRaising max_connections', '*Needs*\n_none_']);
  });

  it('keeps a long part under Slack’s 3000-character section limit', () => {
    const payload = incidentSlackPayload(post({ event: 'status_update', update: { conditions: 'x'.repeat(3000), actions: 'a', needs: 'n' } }), 'https://lifeguard.example');
    expect(Math.max(...texts(payload).map((text) => text.length))).toBeLessThanOrEqual(3000);
  });

  it('tells a reminder how long the incident has gone without an update and how often one is expected', () => {
    const payload = incidentSlackPayload(post({ event: 'reminder', overdue: { secondsSince: 960, everySeconds: 900 } }), 'https://lifeguard.example');
    expect(payload.text).toBe('INC-12 (SEV1, identified) “Checkout <down> & out”: status update overdue');
    expect(texts(payload)[1]).toBe('No status update for 16 min; a SEV1 incident expects one every 15 min. Post Conditions / Actions / Needs on the incident page.');
  });
});
