import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import express from 'express';
import type { Queues } from '../queue/queues';

/**
 * The operators' queue dashboard (bull-board), behind HTTP basic auth. Off unless
 * DASHBOARD_PASSWORD is set.
 */
export function createDashboard(queues: Queues, basePath: string, user: string, password: string): (req: IncomingMessage, res: ServerResponse) => void {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(basePath);
  createBullBoard({
    queues: [queues.send, queues.timers, queues.summary, queues.digest, queues.export].map((q) => new BullMQAdapter(q)),
    serverAdapter: adapter,
  });
  const expected = Buffer.from(`Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`);
  const app = express();
  app.use(basePath, (req, res, next) => {
    const given = Buffer.from(req.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.setHeader('WWW-Authenticate', 'Basic realm="Arahan queues"');
      res.status(401).send('Unauthorized');
      return;
    }
    next();
  });
  app.use(basePath, adapter.getRouter());
  return app;
}
