import { describe, expect, it } from 'vitest';
import { groupOf, NEW_GROUP, planGroup, type Episode, type GroupState, type GroupTiming } from '@/lib/alerts/notify/grouping';

/** The receiver defaults: 10 s group wait, 5 min group interval, 4 h repeat. */
const DEFAULTS: GroupTiming = { groupWaitMs: 10_000, groupIntervalMs: 300_000, repeatIntervalMs: 4 * 3_600_000 };

const warning = (alertId: string, firedAt: number): Episode => ({ alertId, firedAt, severity: 'warning' });
const critical = (alertId: string, firedAt: number): Episode => ({ alertId, firedAt, severity: 'critical' });

interface Sent {
  at: number;
  firing: string[];
  resolved: string[];
}

/**
 * A fake clock: the evaluator's rounds, one a second from 0 to `untilMs`, each asking the
 * planner about the episodes firing then (`firingAt`), and keeping the group's state as
 * lib/alerts/notify/flush.ts does. Returns the messages sent, with their times.
 */
function simulate(firingAt: (now: number) => Episode[], untilMs: number, timing = DEFAULTS, silencedAt: (now: number) => Episode[] = () => []): Sent[] {
  let state: GroupState = NEW_GROUP;
  const sent: Sent[] = [];
  for (let now = 0; now <= untilMs; now += 1000) {
    const plan = planGroup({ state, firing: firingAt(now), silenced: silencedAt(now), timing, now });
    if (plan.message) sent.push({ at: now, firing: plan.message.firing.map((e) => e.alertId), resolved: plan.message.resolved.map((e) => e.alertId) });
    state = plan.next ?? NEW_GROUP;
  }
  return sent;
}

/** Each id fires during [from, to): the same episode (fired at `from`) throughout. */
function episodes(spans: { id: string; from: number; to: number; severity?: 'warning' | 'critical' }[]) {
  return (now: number) => spans.filter((s) => now >= s.from && now < s.to).map((s) => (s.severity === 'critical' ? critical : warning)(s.id, s.from));
}

describe('notification grouping (fake clock)', () => {
  it('holds a new group of warnings for groupWait, so warnings firing within it travel in one message', () => {
    const sent = simulate(episodes([{ id: 'tte', from: 2000, to: 1e9 }, { id: 'high', from: 9000, to: 1e9 }, { id: 'late', from: 15_000, to: 1e9 }]), 60_000);
    expect(sent).toEqual([{ at: 12_000, firing: ['tte', 'high'], resolved: [] }]);
  });

  it('sends a critical at once, taking along the warnings already waiting', () => {
    const sent = simulate(episodes([{ id: 'tte', from: 2000, to: 1e9 }, { id: 'usage', from: 5000, to: 1e9, severity: 'critical' }]), 60_000);
    expect(sent).toEqual([{ at: 5000, firing: ['tte', 'usage'], resolved: [] }]);
  });

  it('sends changes to a notified group at most every groupInterval, with what resolved, even what fired and resolved in between', () => {
    const sent = simulate(
      episodes([
        { id: 'usage', from: 0, to: 100_000, severity: 'critical' },
        { id: 'refusing', from: 3000, to: 120_000, severity: 'critical' },
        { id: 'high', from: 30_000, to: 1e9 },
      ]),
      700_000,
    );
    expect(sent).toEqual([
      { at: 0, firing: ['usage'], resolved: [] },
      { at: 300_000, firing: ['high'], resolved: ['usage', 'refusing'] },
    ]);
  });

  it('escalates at once when a critical joins a group that had only warned', () => {
    const sent = simulate(episodes([{ id: 'tte', from: 0, to: 1e9 }, { id: 'refusing', from: 60_000, to: 1e9, severity: 'critical' }]), 120_000);
    expect(sent).toEqual([
      { at: 10_000, firing: ['tte'], resolved: [] },
      { at: 60_000, firing: ['tte', 'refusing'], resolved: [] },
    ]);
  });

  it('repeats a group still firing, unchanged, every repeatInterval', () => {
    const timing = { ...DEFAULTS, repeatIntervalMs: 3_600_000 };
    const sent = simulate(episodes([{ id: 'usage', from: 0, to: 1e9, severity: 'critical' }]), 3 * 3_600_000 - 1000, timing);
    expect(sent.map((s) => s.at)).toEqual([0, 3_600_000, 7_200_000]);
  });

  it('closes the group with a resolved message, and a later episode starts a new group', () => {
    const sent = simulate(
      episodes([
        { id: 'usage', from: 0, to: 50_000, severity: 'critical' },
        { id: 'usage', from: 400_000, to: 1e9, severity: 'critical' },
      ]),
      500_000,
    );
    expect(sent).toEqual([
      { at: 0, firing: ['usage'], resolved: [] },
      { at: 300_000, firing: [], resolved: ['usage'] },
      { at: 400_000, firing: ['usage'], resolved: [] },
    ]);
  });

  it('lists an alert that fired again as firing only, and a flapping one as resolved once', () => {
    const sent = simulate(
      episodes([
        { id: 'usage', from: 0, to: 20_000, severity: 'critical' },
        { id: 'usage', from: 25_000, to: 1e9, severity: 'critical' },
        { id: 'tte', from: 30_000, to: 40_000 },
        { id: 'tte', from: 50_000, to: 60_000 },
        { id: 'tte', from: 70_000, to: 80_000 },
      ]),
      320_000,
    );
    expect(sent).toEqual([
      { at: 0, firing: ['usage'], resolved: [] },
      { at: 300_000, firing: ['usage'], resolved: ['tte'] },
    ]);
  });

  it('forgets a new group whose warnings resolved before groupWait ran out: nothing is sent', () => {
    expect(simulate(episodes([{ id: 'tte', from: 1000, to: 4000 }]), 60_000)).toEqual([]);
  });

  it('never calls a silenced alert resolved: it drops out, and the group is forgotten when nothing else fires', () => {
    const spans = episodes([{ id: 'usage', from: 0, to: 1e9, severity: 'critical' }]);
    const silenced = (now: number) => (now >= 10_000 ? spans(now) : []);
    const firing = (now: number) => (now >= 10_000 ? [] : spans(now));
    const sent = simulate(firing, 700_000, DEFAULTS, silenced);
    expect(sent).toEqual([{ at: 0, firing: ['usage'], resolved: [] }]);
  });

  it('turns issue 15’s hover (a critical flapping every 6 s) into one message in the minute when keepFiringFor holds it', () => {
    // With keepFiringFor the critical is one episode for the minute; warnings come and go.
    const sent = simulate(
      episodes([
        { id: 'tte', from: 1000, to: 40_000 },
        { id: 'usage', from: 4000, to: 120_000, severity: 'critical' },
        { id: 'high', from: 30_000, to: 62_000 },
      ]),
      400_000,
    );
    expect(sent.filter((s) => s.at <= 64_000)).toEqual([{ at: 4000, firing: ['tte', 'usage'], resolved: [] }]);
    // The rest of the story in one more message, a group interval later.
    expect(sent).toEqual([
      { at: 4000, firing: ['tte', 'usage'], resolved: [] },
      { at: 304_000, firing: [], resolved: ['tte', 'usage', 'high'] },
    ]);
  });
});

describe('group keys', () => {
  const alert = { ruleId: 'r1', rule: 'Connection usage critical', severity: 'critical' as const, targetId: 't1', targetName: 'production', application: 'web app' };

  it('groups by target by default, in a fixed order whatever the order given, and everything in one group for none', () => {
    expect(groupOf(alert, ['target'])).toEqual({ key: 'target=t1', labels: { targetId: 't1', targetName: 'production' } });
    expect(groupOf(alert, ['severity', 'target']).key).toBe(groupOf(alert, ['target', 'severity']).key);
    expect(groupOf(alert, ['target', 'application']).key).toBe('target=t1,application=web%20app');
    expect(groupOf(alert, [])).toEqual({ key: 'all', labels: {} });
  });
});
