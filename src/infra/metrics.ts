import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Queues } from './queue/queues';

/** Prometheus metrics of one process (its own registry, so several apps can share a process in tests). */
export interface Metrics {
  registry: Registry;
  updates: Counter<'type'>;
  sent: Counter<'method'>;
  failed: Counter<'method' | 'reason'>;
  tooManyRequests: Counter;
  /** Updates from people over the per-person limit: notice (told once), drop (ignored). */
  updatesLimited: Counter<'verdict'>;
  reminderLateness: Histogram<'kind'>;
  ackSeconds: Histogram;
}

export function createMetrics(queues?: Queues): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'arahan_' });
  const m: Metrics = {
    registry,
    updates: new Counter({ name: 'arahan_updates_total', help: 'Telegram updates handled, by type', labelNames: ['type'], registers: [registry] }),
    sent: new Counter({ name: 'arahan_messages_sent_total', help: 'Bot API sending calls that succeeded, by method', labelNames: ['method'], registers: [registry] }),
    failed: new Counter({
      name: 'arahan_messages_failed_total',
      help: 'Bot API sending calls that failed, by method and reason',
      labelNames: ['method', 'reason'],
      registers: [registry],
    }),
    tooManyRequests: new Counter({ name: 'arahan_telegram_429_total', help: '429 Too Many Requests answers from Telegram', registers: [registry] }),
    updatesLimited: new Counter({
      name: 'arahan_updates_limited_total',
      help: 'Updates from people over the per-person limit, by verdict: notice (told once) or drop (ignored)',
      labelNames: ['verdict'],
      registers: [registry],
    }),
    reminderLateness: new Histogram({
      name: 'arahan_reminder_lateness_seconds',
      help: 'How late a reminder or escalation fired after its planned time',
      labelNames: ['kind'],
      buckets: [0.1, 0.5, 1, 5, 30, 60, 300, 3600],
      registers: [registry],
    }),
    ackSeconds: new Histogram({
      name: 'arahan_acknowledgement_seconds',
      help: 'Time from delivery to acknowledgement',
      buckets: [60, 300, 900, 1800, 3600, 7200, 21600, 86400],
      registers: [registry],
    }),
  };
  if (queues) {
    new Gauge({
      name: 'arahan_queue_jobs',
      help: 'Jobs per queue and state',
      labelNames: ['queue', 'state'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const q of [queues.send, queues.timers, queues.summary, queues.digest, queues.export]) {
          const counts = await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
          for (const [state, n] of Object.entries(counts)) this.set({ queue: q.name, state }, n);
        }
      },
    });
  }
  return m;
}
