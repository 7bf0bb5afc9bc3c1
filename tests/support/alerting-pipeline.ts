import { startEvaluator } from '@/lib/alerts/evaluator';
import { startDeliveryWorker } from '@/lib/alerts/notify/worker';
import { startCollector } from '@/lib/collector/collector';
import type { Db } from '@/lib/store/db';

/**
 * Lifeguard's alerting path as the server runs it, in this process: the collector samples, the
 * evaluator fires and resolves, the delivery worker notifies the receivers. A test that leaves a
 * period out runs it at the server's default, as a new user would.
 */
export interface AlertingPipeline {
  stop(): Promise<void>;
}

export interface AlertingPipelineOptions {
  db: Db;
  storeUrl: string;
  log: (line: string) => void;
  evaluatorPeriodMs?: number;
  deliveryPollMs?: number;
}

export function startAlertingPipeline({ db, storeUrl, log, evaluatorPeriodMs, deliveryPollMs }: AlertingPipelineOptions): AlertingPipeline {
  const collector = startCollector({ db, storeUrl, log });
  const evaluator = startEvaluator({ db, periodMs: evaluatorPeriodMs, log });
  const worker = startDeliveryWorker({ db, lifeguardUrl: 'http://lifeguard.test', pollMs: deliveryPollMs, log });
  return {
    // What reads the samples stops before the collector that writes them.
    stop: async () => {
      await evaluator.stop();
      await worker.stop();
      await collector.stop();
    },
  };
}
