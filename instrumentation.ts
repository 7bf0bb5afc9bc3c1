/** Next calls register() once per server process: Lifeguard's services start here. */
export async function register(): Promise<void> {
  // The edge runtime has no sockets or child processes; everything lives in the Node.js runtime.
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startLifeguard } = await import('./lib/server-start');
  await startLifeguard();
}
