/**
 * Shapes of the alerting endpoints as the browser reads them, from the server's own view types
 * (type-only imports: nothing of the server reaches the bundle).
 */
export type { AlertView } from '@/lib/alerts/views';
export type { AlertListItem } from '@/lib/alerts/alerts';
export type { AlertActivity, AlertEpisode } from '@/lib/alerts/activity';
export type { AlertRuleView } from '@/lib/alerts/rules';
export type { SilenceView } from '@/lib/alerts/silences';
export type { DeliveryView, ReceiverView } from '@/lib/alerts/notify/receivers';
export type { AlertMetric } from '@/lib/alerts/rule-metrics';
export type { TargetBudget } from '@/lib/budget/query';
export type { ApplicationBudget } from '@/lib/budget/budget';

export type AlertListState = 'active' | 'firing' | 'pending' | 'resolved' | 'all';
