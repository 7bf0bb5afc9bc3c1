import { describe, expect, it } from 'vitest';
import { receiverCreateSchema } from '@/lib/alerts/schema';

/** The receivers form and POST /api/receivers share this schema: what it refuses names the field. */
const KEY = 'abcdefghijklmnopqrstuvwxyz012345';
const issues = (input: unknown) => {
  const parsed = receiverCreateSchema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('receiverCreateSchema', () => {
  it('takes a pagerduty receiver with its 32-character routing key, and an alertmanager by its base URL', () => {
    expect(issues({ name: 'pager', kind: 'pagerduty', url: 'https://events.pagerduty.com/v2/enqueue', routingKey: KEY })).toEqual([]);
    expect(issues({ name: 'am', kind: 'alertmanager', url: 'http://alertmanager:9093' })).toEqual([]);
  });

  it('wants the routing key for pagerduty, and only there', () => {
    expect(issues({ name: 'pager', kind: 'pagerduty', url: 'https://events.pagerduty.com/v2/enqueue' })).toEqual(['routingKey: routingKey is required for a pagerduty receiver']);
    expect(issues({ name: 'hook', kind: 'webhook', url: 'https://example.com/hook', routingKey: KEY })).toEqual(['routingKey: routingKey is for pagerduty receivers only']);
  });

  it('refuses a routing key that is not an Events v2 integration key', () => {
    expect(issues({ name: 'pager', kind: 'pagerduty', url: 'https://events.pagerduty.com/v2/enqueue', routingKey: 'short' })[0]).toMatch(/^routingKey: routingKey must be the 32-character/);
  });

  it('names the kinds it knows', () => {
    expect(issues({ name: 'x', kind: 'opsgenie', url: 'https://example.com' })).toEqual(['kind: kind must be one of webhook, slack, pagerduty, alertmanager']);
  });
});
