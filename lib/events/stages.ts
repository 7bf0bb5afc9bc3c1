/**
 * The stages a sample passes on its way to the screen, and how their times travel with it. Every
 * process of the live path runs on the same machine's clock (collector, store, hub, stream), so
 * each stage is a wall-clock time in ms; the browser adds its own on the same clock when it runs
 * on that machine too (as in `npm run bench`). docs/architecture.md draws the path.
 *
 * On the wire (the `stages` field of a `sample` server-sent event) the server's stages are
 * offsets in whole ms from the sample's `at`, in SERVER_STAGES order: some 30 bytes per event,
 * small beside the snapshot it travels with. Pure: the bench and tests read it too.
 */

/**
 * - read: the collector has the sampling query's answer (the figures were read just before);
 * - recorded: the collector hands the sample to the store (after waiting for the probe, if it did);
 * - stored: the store inserted the row (its clock, just before the commit that sends the NOTIFY);
 * - notified: this replica's hub received the NOTIFY;
 * - sent: the hub hands the snapshot to the streams (after reading it back, when it had to);
 * - written: the streams' bytes were made for the event (once for all this replica's streams).
 */
export const SERVER_STAGES = ['read', 'recorded', 'stored', 'notified', 'sent', 'written'] as const;
export type ServerStage = (typeof SERVER_STAGES)[number];

/** The stage times known so far (wall-clock ms); a stage that was not timed is absent. */
export type StageTimes = Partial<Record<ServerStage, number>>;

/** The stage times in `value` (a notification's `stages`), leaving out anything that is not a time. */
export function readStageTimes(value: unknown): StageTimes {
  const times: StageTimes = {};
  if (typeof value !== 'object' || value === null) return times;
  for (const stage of SERVER_STAGES) {
    const time: unknown = (value as Record<string, unknown>)[stage];
    if (typeof time === 'number' && Number.isFinite(time)) times[stage] = time;
  }
  return times;
}

/** Offsets from `atMs` in SERVER_STAGES order; null for a stage not timed. */
export function encodeStages(atMs: number, times: StageTimes): (number | null)[] {
  return SERVER_STAGES.map((stage) => {
    const time = times[stage];
    return typeof time === 'number' && Number.isFinite(time) ? Math.round(time - atMs) : null;
  });
}

/** The stage times of an event's `stages` field (see encodeStages); {} for anything else. */
export function decodeStages(atMs: number, encoded: unknown): StageTimes {
  if (!Array.isArray(encoded) || !Number.isFinite(atMs)) return {};
  const times: StageTimes = {};
  SERVER_STAGES.forEach((stage, index) => {
    const offset: unknown = encoded[index];
    if (typeof offset === 'number' && Number.isFinite(offset)) times[stage] = atMs + offset;
  });
  return times;
}
