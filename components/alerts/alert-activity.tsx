import type { AlertActivity } from '@/lib/alerts/activity';

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
const clock = (iso: string) => iso.slice(11, 19);

/**
 * "3 episodes · 2 notifications" for one rule on one target over the last 24 h; the episodes'
 * times on hover. A rule that fires often but notifies rarely is being damped; one that notifies
 * often needs tuning (keepFiringFor, hysteresis, its receiver's grouping).
 */
export function AlertActivityCell({ activity }: { activity: AlertActivity }) {
  const history = activity.history.map((episode) => `${clock(episode.firedAt)} UTC → ${episode.resolvedAt ? clock(episode.resolvedAt) : 'firing'}`).join('\n');
  return (
    <span className="muted alert-activity" data-testid="alert-activity" data-episodes={activity.episodes} data-notifications={activity.notifications} title={history || undefined}>
      {plural(activity.episodes, 'episode')} · {plural(activity.notifications, 'notification')}
    </span>
  );
}
