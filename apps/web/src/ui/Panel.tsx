import type { ReactNode } from 'react';

interface PanelProps {
  title: string;
  actions?: ReactNode;
  className?: string;
  children: ReactNode;
  testId?: string;
}

export function Panel({ title, actions, className, children, testId }: PanelProps) {
  return (
    <section className={`panel ${className ?? ''}`} data-testid={testId}>
      <header className="panel-header">
        <h2>{title}</h2>
        {actions && <div className="panel-actions">{actions}</div>}
      </header>
      <div className="panel-body">{children}</div>
    </section>
  );
}
