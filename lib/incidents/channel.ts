/** LISTEN/NOTIFY channel announcing a changed incident (payload: its id) to every replica's browsers. */
export const INCIDENTS_CHANNEL = 'lifeguard_incidents';
