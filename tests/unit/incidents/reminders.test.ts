import { describe, expect, it } from 'vitest';
import { loadConfig } from '@/lib/config';
import { DEFAULT_REMINDER_MINUTES, parseReminderMinutes, reminderDueFor, statusUpdateDueAt } from '@/lib/incidents/channel/reminders';

const T0 = new Date('2026-11-29T10:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const minutes = { SEV1: 15, SEV2: 30, SEV3: 60, SEV4: 0 };
const open = { status: 'investigating' as const, severity: 'SEV1' as const, lastUpdateAt: T0, remindedFor: null };

describe('when a status-update reminder is due', () => {
  it('is not due before the severity’s period has passed, and is due for the first period once it has', () => {
    expect(reminderDueFor(open, minutes, at(14.99))).toBeNull();
    expect(reminderDueFor(open, minutes, at(15))).toEqual(at(15));
    expect(reminderDueFor(open, minutes, at(22))).toEqual(at(15));
  });

  it('sends one reminder per overdue period: none again for a period already reminded of, one for the next', () => {
    const reminded = { ...open, remindedFor: at(15) };
    expect(reminderDueFor(reminded, minutes, at(16))).toBeNull();
    expect(reminderDueFor(reminded, minutes, at(29.9))).toBeNull();
    expect(reminderDueFor(reminded, minutes, at(30))).toEqual(at(30));
  });

  it('sends one reminder for the latest period after missing several (a Lifeguard that was down), not a burst', () => {
    expect(reminderDueFor({ ...open, remindedFor: at(15) }, minutes, at(64))).toEqual(at(60));
    expect(reminderDueFor({ ...open, remindedFor: at(60) }, minutes, at(64))).toBeNull();
  });

  it('restarts the clock at a status update: an earlier reminder does not count against the new period', () => {
    const updated = { ...open, lastUpdateAt: at(20), remindedFor: at(15) };
    expect(reminderDueFor(updated, minutes, at(34))).toBeNull();
    expect(reminderDueFor(updated, minutes, at(35))).toEqual(at(35));
  });

  it('follows the severity: a lower one waits longer, and one without reminders (or a resolved incident) is never due', () => {
    expect(reminderDueFor({ ...open, severity: 'SEV3' }, minutes, at(59))).toBeNull();
    expect(reminderDueFor({ ...open, severity: 'SEV3' }, minutes, at(60))).toEqual(at(60));
    expect(reminderDueFor({ ...open, severity: 'SEV4' }, minutes, at(10_000))).toBeNull();
    expect(reminderDueFor({ ...open, status: 'resolved' }, minutes, at(100))).toBeNull();
  });

  it('gives the page the time the next update is due, or none', () => {
    expect(statusUpdateDueAt(open, minutes)).toEqual(at(15));
    expect(statusUpdateDueAt({ ...open, severity: 'SEV2', lastUpdateAt: at(5) }, minutes)).toEqual(at(35));
    expect(statusUpdateDueAt({ ...open, severity: 'SEV4' }, minutes)).toBeNull();
    expect(statusUpdateDueAt({ ...open, status: 'resolved' }, minutes)).toBeNull();
  });
});

describe('LIFEGUARD_STATUS_UPDATE_MINUTES', () => {
  it('defaults to 15, 30 and 60 minutes for SEV1–SEV3 and no reminders for SEV4', () => {
    expect(loadConfig({}).statusUpdateMinutes).toEqual({ SEV1: 15, SEV2: 30, SEV3: 60, SEV4: 0 });
    expect(DEFAULT_REMINDER_MINUTES).toEqual(loadConfig({}).statusUpdateMinutes);
  });

  it('changes the severities it names, keeps the others, and takes fractions of a minute', () => {
    expect(parseReminderMinutes('SEV1=10, SEV4=120')).toEqual({ SEV1: 10, SEV2: 30, SEV3: 60, SEV4: 120 });
    expect(loadConfig({ LIFEGUARD_STATUS_UPDATE_MINUTES: 'SEV1=0.05' }).statusUpdateMinutes.SEV1).toBe(0.05);
  });

  it('refuses an unknown severity or a value that is not a number of minutes, naming the variable', () => {
    expect(() => loadConfig({ LIFEGUARD_STATUS_UPDATE_MINUTES: 'critical=15' })).toThrow(/LIFEGUARD_STATUS_UPDATE_MINUTES: "critical=15": the severity must be one of SEV1, SEV2, SEV3, SEV4/);
    expect(() => loadConfig({ LIFEGUARD_STATUS_UPDATE_MINUTES: 'SEV1=soon' })).toThrow(/minutes must be a number/);
    expect(() => loadConfig({ LIFEGUARD_STATUS_UPDATE_MINUTES: 'SEV1=-5' })).toThrow(/minutes must be a number/);
    expect(() => loadConfig({ LIFEGUARD_STATUS_UPDATE_MINUTES: 'SEV1' })).toThrow(/minutes must be a number/);
  });
});
