/** "5/9" with a bar: how far the on-call got through the questions. */
export function ChecklistProgress({ done, total }: { done: number; total: number }) {
  const percent = total > 0 ? Math.round((100 * done) / total) : 0;
  return (
    <span className="progress" title={`${done} of ${total} checklist items done`}>
      <progress value={done} max={Math.max(total, 1)} aria-label="Checklist progress" />
      <span className="progress-text">
        {done}/{total}
      </span>
      <span className="visually-hidden">{percent}%</span>
    </span>
  );
}
