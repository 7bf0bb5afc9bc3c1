import { ALERT_SEVERITIES, type AlertSeverity } from '@/lib/alerts/choices';

/** The severities a rule may have, as the `severity` field both rule forms send. */
export function SeveritySelect({ defaultValue, disabled }: { defaultValue: AlertSeverity; disabled?: boolean }) {
  return (
    <select name="severity" defaultValue={defaultValue} disabled={disabled}>
      {ALERT_SEVERITIES.map((s) => (
        <option key={s} value={s}>
          {s}
        </option>
      ))}
    </select>
  );
}
