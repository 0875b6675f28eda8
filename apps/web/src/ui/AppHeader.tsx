import { useEffect, useState } from 'react';
import type { ConnectionState, EventsClient } from '../api/events-client';

interface AppHeaderProps {
  version: string | undefined;
  events: EventsClient;
}

const LABELS: Record<ConnectionState, string> = {
  idle: 'live updates ready',
  connecting: 'connecting…',
  open: 'live',
  closed: 'reconnecting…',
};

export function AppHeader({ version, events }: AppHeaderProps) {
  const [connection, setConnection] = useState<ConnectionState>('idle');
  useEffect(() => events.onState(setConnection), [events]);
  return (
    <header className="app-header">
      <h1>
        Stemflow <span className="app-subtitle">4D-STEM analysis</span>
      </h1>
      <div className="app-meta">
        <span className={`connection connection-${connection}`} title="WebSocket for progress and live results">
          {LABELS[connection]}
        </span>
        {version && <span className="version">v{version}</span>}
      </div>
    </header>
  );
}
