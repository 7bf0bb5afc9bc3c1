import type { ReactNode } from 'react';

/**
 * One column heading. `num` right-aligns a column of figures (heading and cells share the `num`
 * class); `actions` is a column of buttons whose heading only screen readers hear.
 */
export type Column = { label: string; num?: boolean; actions?: boolean; title?: string };

/**
 * A table of rows: the column headings written once as data, the rows as children (`<tr>`s).
 * Scrolls sideways inside its panel by default, so a wide table never widens the page; a table
 * that sits in a narrow panel of its own passes `scroll={false}`.
 */
export function DataTable({ columns, className, testId, scroll = true, children }: { columns: readonly Column[]; className?: string; testId?: string; scroll?: boolean; children: ReactNode }) {
  const table = (
    <table className={className} data-testid={testId}>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column.label} scope="col" className={column.num ? 'num' : column.actions ? 'actions' : undefined} title={column.title}>
              {column.actions ? <span className="visually-hidden">{column.label}</span> : column.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
  return scroll ? <div className="table-scroll">{table}</div> : table;
}
