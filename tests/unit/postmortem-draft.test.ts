import { describe, expect, it } from 'vitest';
import type { IncidentView, TimelineEntryView } from '@/lib/incidents/types';
import { buildPostmortemMarkdown, draftSections, type DraftInput } from '@/lib/postmortem/draft';
import { inlineMarkdown } from '@/lib/postmortem/format';

const NOW = new Date('2026-11-26T13:00:00Z');
const EMPTY = { summary: '', rootCause: '', resolution: '', improvements: '' };

function entry(at: string, body: string, author: string, kind: TimelineEntryView['kind'] = 'note', createdAt = '2026-11-26T12:30:00Z'): TimelineEntryView {
  return { id: `${at}-${body}`, at, kind, author, body, data: null, createdAt };
}

function incident(overrides: Partial<IncidentView> = {}): IncidentView {
  return {
    id: '6f1c1c5e-0000-4000-8000-000000000012',
    number: 12,
    title: 'Connection flood on worksmart-db',
    severity: 'SEV2',
    status: 'resolved',
    startedAt: '2026-11-26T10:00:00Z',
    detectedAt: '2026-11-26T10:05:00Z',
    resolvedAt: '2026-11-26T12:05:00Z',
    durationSeconds: 7500,
    commander: 'Alice',
    scribe: 'Carol',
    communicationsLead: '',
    channel: null,
    latestStatusUpdate: null,
    targets: [{ id: 't1', name: 'worksmart-db' }],
    checklistDone: 1,
    checklistTotal: 2,
    impact: 'Checkout failed for 30 % of requests',
    createdBy: 'Alice',
    createdAt: '2026-11-26T10:06:00Z',
    updatedAt: '2026-11-26T12:05:00Z',
    checklist: [
      {
        id: 'c1',
        position: 0,
        text: 'Did we check the connection pool?',
        kind: 'pool_check',
        checked: true,
        checkedBy: 'Bob',
        checkedAt: '2026-11-26T11:15:00Z',
        evidence: [
          {
            targetId: 't1',
            targetName: 'worksmart-db',
            at: '2026-11-26T11:15:00Z',
            total: 97,
            usableConnections: 97,
            maxConnections: 100,
            usagePercent: 100,
            error: null,
            topHolders: [{ name: 'worksmart-web', clientAddr: '10.0.0.5', total: 94, active: 2, idle: 0, idleInTransaction: 92 }],
          },
        ],
      },
      { id: 'c2', position: 1, text: 'Any recent deploys?', kind: 'plain', checked: false, checkedBy: null, checkedAt: null, evidence: null },
    ],
    timeline: [
      // Deliberately out of order: back-dated entries arrive late; at the same instant, the one written first leads.
      entry('2026-11-26T11:15:00Z', 'Bob ticked "Did we check the connection pool?"', 'Bob', 'checklist'),
      entry('2026-11-26T10:05:00Z', 'Alert: usage above 90 %', 'Lifeguard', 'alert'),
      entry('2026-11-26T10:45:00Z', 'Errors noticed in **checkout**\n\n# not a heading\n<script>alert(1)</script>', 'Carol'),
      entry('2026-11-26T10:05:00Z', 'Incident declared', 'Alice', 'created', '2026-11-26T10:06:00Z'),
    ],
    ...overrides,
  };
}

const input = (overrides: Partial<DraftInput> = {}): DraftInput => ({ incident: incident(), sections: EMPTY, actionItems: [], now: NOW, ...overrides });

describe('inlineMarkdown', () => {
  it('keeps a note on one line and shows raw HTML as text, except inside code', () => {
    expect(inlineMarkdown('a\n\n# b\n<i>x</i> `<b>`')).toBe('a # b &lt;i>x&lt;/i> `<b>`');
  });

  it('makes script links dead', () => {
    expect(inlineMarkdown('[docs](https://x.test) [click]( JavaScript:alert(1))')).toBe('[docs](https://x.test) [click](#unsafe-link:alert(1))');
  });
});

describe('buildPostmortemMarkdown', () => {
  it('writes the classic layout from the record when no section was written', () => {
    expect(buildPostmortemMarkdown(input())).toBe(`# Postmortem: INC-12 Connection flood on worksmart-db

**Severity:** SEV2 (Major: a core feature is failing or badly degraded for many customers) · **Status:** resolved · **Commander:** Alice · **Scribe:** Carol · **Date:** 2026-11-26

## Issue Summary

- **Duration:** 2 h 05 min, from 2026-11-26 10:00 UTC to 12:05 UTC
- **Time to detect:** 5 min (detected at 10:05 UTC)
- **Impact:** Checkout failed for 30 % of requests
- **Root cause:** The connection pool was exhausted when it was checked at 11:15 UTC: worksmart-db held 97 of 97 usable connections (worksmart-web 94).
- **Affected targets:** worksmart-db

## Timeline

- **10:05:00 UTC** — Incident declared (Alice)
- **10:05:00 UTC** — Alert: usage above 90 % (Lifeguard)
- **10:45:00 UTC** — Errors noticed in **checkout** # not a heading &lt;script>alert(1)&lt;/script> (Carol)
- **11:15:00 UTC** — Bob ticked "Did we check the connection pool?" (Bob)

## Root Cause and Resolution

**Root cause**

_The connection pool was exhausted when it was checked at 11:15 UTC: worksmart-db held 97 of 97 usable connections (worksmart-web 94)._

**Resolution**

_Resolved at 2026-11-26 12:05 UTC, after 2 h 05 min; how it was resolved is not written yet._

## Corrective and Preventative Measures

_No corrective or preventative measures written yet._

### Tasks

_No action items yet._
`);
  });

  it('uses the saved sections and lists tasks with their done state and owner', () => {
    const markdown = buildPostmortemMarkdown(
      input({
        sections: { summary: 'A deploy doubled the pool size.', rootCause: 'Pool size 50 × 2 instances.', resolution: 'Rolled back.', improvements: 'Budget pools per instance.' },
        actionItems: [
          { text: 'Alert at 80 % usage', owner: 'Bob', done: true },
          { text: 'Set pool max per instance', owner: '', done: false },
        ],
      }),
    );
    expect(markdown).toContain('- **Root cause:** Pool size 50 × 2 instances.\n- **Affected targets:** worksmart-db\n\nA deploy doubled the pool size.\n\n## Timeline');
    expect(markdown).toContain('**Root cause**\n\nPool size 50 × 2 instances.\n\n**Resolution**\n\nRolled back.\n\n## Corrective');
    expect(markdown).toContain('## Corrective and Preventative Measures\n\nBudget pools per instance.\n\n### Tasks\n\n- [x] Alert at 80 % usage (owner: Bob)\n- [ ] Set pool max per instance (owner: unassigned)\n');
  });

  it('says "ongoing" and counts to now for an unresolved incident; multi-day times carry their date', () => {
    const markdown = buildPostmortemMarkdown(
      input({
        incident: incident({ status: 'monitoring', resolvedAt: null, startedAt: '2026-11-23T10:00:00Z', detectedAt: '2026-11-23T10:00:45Z', timeline: [entry('2026-11-24T09:00:00Z', 'Still degraded', 'Dan')] }),
        now: new Date('2026-11-26T12:59:00Z'),
      }),
    );
    expect(markdown).toContain('- **Duration:** ongoing: 3 d 2 h so far, since 2026-11-23 10:00 UTC\n- **Time to detect:** 45 s (detected at 10:00 UTC)');
    expect(markdown).toContain('- **2026-11-24 09:00:00 UTC** — Still degraded (Dan)');
    expect(markdown).toContain('_Not resolved yet: ongoing for 3 d 2 h._');
  });

  it('says "To be determined" without pool evidence of a full pool', () => {
    const view = incident({ checklist: [] });
    expect(draftSections(view, NOW).rootCause).toBe('To be determined.');
    expect(buildPostmortemMarkdown(input({ incident: view }))).toContain('- **Root cause:** To be determined.\n');
  });

  it('states in the Issue Summary the peak p95 and error rate users met, when applications reported', () => {
    const users = {
      applications: ['worksmart-web', 'worksmart-worker'],
      peakP95: { value: 229, application: 'worksmart-web', at: Date.parse('2026-11-26T10:05:00Z') },
      peakErrorRate: { value: 12.5, application: 'worksmart-worker', at: Date.parse('2026-11-27T00:10:00Z') },
      refusals: 312,
    };
    expect(buildPostmortemMarkdown(input({ users }))).toContain(
      '- **Affected targets:** worksmart-db\n- **What users met:** p95 query latency up to 229 ms (worksmart-web, 10:05 UTC); up to 12.5 % of queries failed (worksmart-worker, 2026-11-27 00:10 UTC); 312 queries were refused a connection\n\n## Timeline',
    );
    expect(buildPostmortemMarkdown(input({ users: null }))).not.toContain('What users met');
  });

  it('places the chart under its own heading after the timeline, or the reason there is none', () => {
    const withChart = buildPostmortemMarkdown(input({ chart: { kind: 'image', src: 'data:image/svg+xml;base64,PHN2Zy8+', standaloneUrl: 'https://lg.example/api/incidents/x/postmortem/chart.svg' } }));
    expect(withChart).toContain(
      '(Bob)\n\n## Connections during the incident\n\n![Connections during the incident](data:image/svg+xml;base64,PHN2Zy8+)\n\nIf the chart does not show (some viewers, GitHub among them, strip inline images), open it at <https://lg.example/api/incidents/x/postmortem/chart.svg>.\n\n## Root Cause',
    );
    const without = buildPostmortemMarkdown(input({ chart: { kind: 'none', note: 'No connection data was recorded for this incident.' } }));
    expect(without).not.toContain('## Connections during the incident');
    expect(without).toContain('(Bob)\n\n_No connection data was recorded for this incident._\n\n## Root Cause');
  });

  it('keeps the section headings in the classic order', () => {
    const markdown = buildPostmortemMarkdown(input({ chart: { kind: 'image', src: 'chart.svg' } }));
    const headings = markdown.split('\n').filter((line) => line.startsWith('#'));
    expect(headings).toEqual([
      '# Postmortem: INC-12 Connection flood on worksmart-db',
      '## Issue Summary',
      '## Timeline',
      '## Connections during the incident',
      '## Root Cause and Resolution',
      '## Corrective and Preventative Measures',
      '### Tasks',
    ]);
  });

  it('escapes a title and a task that try to inject HTML or break out of their line', () => {
    const markdown = buildPostmortemMarkdown(input({ incident: incident({ title: '<img src=x onerror=alert(1)>' }), actionItems: [{ text: 'fix\n## owned', owner: 'x', done: false }] }));
    expect(markdown.split('\n')[0]).toBe('# Postmortem: INC-12 &lt;img src=x onerror=alert(1)>');
    expect(markdown).toContain('- [ ] fix ## owned (owner: x)');
  });
});
