import { formatDuration } from '../../format/duration';
import { absolute, escapeSlack, type SlackBlock, type SlackPayload } from '../../alerts/notify/payload';
import { INCIDENT_ROLE_LABELS, INCIDENT_ROLES } from '../schema';
import type { IncidentPost } from './post';

/**
 * An incident's message to a Slack-compatible incoming webhook: `text` (the notification line,
 * and what clients without blocks show) and `blocks`. Pure; the delivery worker calls it when it
 * sends, with Lifeguard's address for the link.
 */

/** Slack refuses a section text over 3000 characters; each CAN part may be that long alone. */
const SECTION_MAX = 2_900;

export function incidentSlackPayload(post: IncidentPost, lifeguardUrl: string): SlackPayload {
  const { incident } = post;
  const link = absolute(lifeguardUrl, `/incidents/${incident.id}`);
  const text = incidentPostText(post);
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*<${link}|INC-${incident.number}>* ${escapeSlack(headline(post))}` } },
      ...bodyBlocks(post),
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `${incident.severity} · ${incident.status} · ${escapeSlack(rolesLine(post))} · ${escapeSlack(post.author)} at ${post.at}` }],
      },
    ],
  };
}

/** The one line a notification shows: "INC-12 (SEV1, investigating) “Checkout down”: status update". */
export function incidentPostText(post: IncidentPost): string {
  const { incident } = post;
  return `INC-${incident.number} (${incident.severity}, ${incident.status}) “${incident.title}”: ${headline(post)}`;
}

function headline(post: IncidentPost): string {
  switch (post.event) {
    case 'declared':
      return `declared: ${post.incident.title}`;
    case 'status_update':
      return 'status update';
    case 'reminder':
      return 'status update overdue';
    default:
      return post.text;
  }
}

function bodyBlocks(post: IncidentPost): SlackBlock[] {
  if (post.event === 'status_update' && post.update) {
    const part = (label: string, value: string) => section(`*${label}*\n${value.trim() === '' ? '_none_' : escapeSlack(value)}`);
    return [part('Conditions', post.update.conditions), part('Actions', post.update.actions), part('Needs', post.update.needs)];
  }
  if (post.event === 'reminder' && post.overdue) {
    const { secondsSince, everySeconds } = post.overdue;
    return [section(`No status update for ${formatDuration(secondsSince)}; a ${post.incident.severity} incident expects one every ${formatDuration(everySeconds)}. Post Conditions / Actions / Needs on the incident page.`)];
  }
  if (post.event === 'declared') return [section(escapeSlack(post.text))];
  return [];
}

function section(text: string): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: text.length > SECTION_MAX ? `${text.slice(0, SECTION_MAX - 1)}…` : text } };
}

function rolesLine(post: IncidentPost): string {
  return INCIDENT_ROLES.map((role) => `${INCIDENT_ROLE_LABELS[role]}: ${post.incident[role] || 'nobody'}`).join(' · ');
}
