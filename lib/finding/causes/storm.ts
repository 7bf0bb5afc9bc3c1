import { NEW_BACKEND_WINDOW_SECONDS } from '../../collector/sample-query';
import { appLabel, byApplication, rate, sum } from './holders';
import type { Cause, CauseInput } from './types';

/** A storm opens at least this many connections within the window (2 per second)… */
const STORM_MIN = 20;
/** …and at least this many times the normal rate. */
const STORM_FACTOR = 5;

/**
 * Connection storm: new backends per second (from backend_start) far above normal — a deploy or
 * a fleet restarting opens every pool at once. Only sessions still connected are seen, Lifeguard's
 * own left out. Without a normal to compare with (a target watched for less than a few minutes),
 * no storm is named: "far above normal" cannot be told.
 */
export function connectionStorm(input: CauseInput): Cause | null {
  const apps = byApplication(input.sample.applications).filter((app) => app.newBackends > 0);
  const opened = sum(apps.map((app) => app.newBackends));
  const perSecond = opened / NEW_BACKEND_WINDOW_SECONDS;
  const normal = input.normalNewBackendsPerSec;
  if (normal === null || opened < STORM_MIN || perSecond < STORM_FACTOR * normal) return null;
  const compared = normal === 0 ? 'normally none' : `${Math.round(perSecond / normal)}× the normal ${rate(normal)}/s`;
  return {
    kind: 'connection-storm',
    summary: `A connection storm: ${rate(perSecond)} new connections per second (${compared}) — a deploy, or a fleet restarting?`,
    evidence: [
      `${opened} connections opened in the last ${NEW_BACKEND_WINDOW_SECONDS} s and still open.`,
      ...apps.map((app) => `${appLabel(app.name)}: ${app.newBackends} new`),
    ],
    fix: 'Restart instances a few at a time, and let pools start small (a low pool min) and grow with demand.',
    connections: opened,
  };
}
