import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import type { ProgressEvent } from '../events.js';
import type { InvestigationResult } from '../result.js';

/**
 * The agents on the Amazon Bedrock AgentCore Runtime contract (DESIGN §6.1): `GET /ping` and
 * `POST /invocations` on one port (8080 in the ARM64 container). The session comes in the
 * `X-Amzn-Bedrock-AgentCore-Runtime-Session-Id` header; with `Accept: text/event-stream` the
 * investigation's progress events stream as SSE and end with a `result` event carrying the same
 * object as `cia ask --json`; without it the result object is the JSON body.
 */

export const SESSION_HEADER = 'x-amzn-bedrock-agentcore-runtime-session-id';

export const invocationSchema = z.strictObject({
  prompt: z.string().max(20_000, 'must be at most 20,000 characters'),
  user_id: z.string().min(1).max(256).optional(),
  channel: z.string().min(1).max(256).optional(),
  clean: z.boolean().optional(),
  now: z.iso.datetime({ offset: true, error: 'must be an ISO-8601 time such as 2024-05-01T12:00:00Z' }).optional(),
  tz: z.string().min(1).max(64).optional(),
});
export type Invocation = z.infer<typeof invocationSchema> & { sessionId?: string };

export type AnswerInvocation = (invocation: Invocation, onProgress: (event: ProgressEvent) => void) => Promise<InvestigationResult>;

export interface RuntimeServer {
  url: string;
  close(): Promise<void>;
}

export async function startRuntimeServer(options: { port: number; host?: string; answer: AnswerInvocation }): Promise<RuntimeServer> {
  let running = 0;
  let lastUpdate = Math.floor(Date.now() / 1000);
  const app = express();
  app.use(express.json({ limit: '256kb' }));

  // HealthyBusy while an investigation runs, so AgentCore keeps the session's microVM.
  app.get('/ping', (_req, res) => void res.json({ status: running > 0 ? 'HealthyBusy' : 'Healthy', time_of_last_update: lastUpdate }));

  app.post('/invocations', async (req: Request, res: Response) => {
    const parsed = invocationSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      res.status(400).json({ error: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') });
      return;
    }
    const sessionId = req.header(SESSION_HEADER);
    const invocation: Invocation = { ...parsed.data, ...(sessionId ? { sessionId } : {}) };
    const streaming = (req.header('accept') ?? '').includes('text/event-stream');
    running++;
    lastUpdate = Math.floor(Date.now() / 1000);
    try {
      if (!streaming) {
        res.json(await options.answer(invocation, () => {}));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      const send = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
      const result = await options.answer(invocation, (event) => send({ ...event, type: event.type }));
      send({ type: 'result', ...result });
      res.end();
    } catch (error) {
      // The answer function ends every investigation itself; this is the runtime failing around it.
      const message = `The agent runtime failed: ${(error as Error).message}`;
      if (res.headersSent) {
        res.write(`data: ${JSON.stringify({ type: 'error', message })}\n\n`);
        res.end();
      } else res.status(500).json({ error: message });
    } finally {
      running--;
      lastUpdate = Math.floor(Date.now() / 1000);
    }
  });

  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(options.port, options.host ?? '0.0.0.0', (error?: Error) => (error ? reject(error) : resolve(listening)));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
