/**
 * `npm run collector` — the collector, alert evaluator and notification worker without the web
 * server, against DATABASE_URL (or the embedded store under LIFEGUARD_DATA_DIR when it is
 * unset). Run it beside web-only replicas (LIFEGUARD_COLLECTOR=off), or as several copies:
 * targets are shared out through advisory locks in the store, so each is sampled once.
 * SIGINT/SIGTERM stop the samplers, release their locks and close the store, then exit 0.
 * It also runs the remediation requests ("Stop it") for the targets it samples.
 *
 * Like every script that reaches the store, it runs under tsx with `--conditions=react-server`
 * (see package.json): the store modules import 'server-only', which throws unless that
 * condition is set, as it is inside Next's server.
 */
import { startServices, stopServices } from '@/lib/runtime';
import { installSignalHandlers, startBackgroundWork } from '@/lib/server-start';

installSignalHandlers();
try {
  const services = await startServices();
  await startBackgroundWork(services);
  console.log(`lifeguard collector: running (store ${services.store.embedded ? 'embedded' : 'external'})`);
} catch (error) {
  console.error('lifeguard collector: failed to start:', error);
  await stopServices();
  process.exit(1);
}
