import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response } from 'express';
import type { ProgressEvent } from '../events.js';
import type { InvestigationOutcome } from '../investigate.js';
import { invocationSchema, resultBody, SESSION_HEADER, sseFrame, type Invocation } from './runtime-contract.js';

/**
 * The agents on the Amazon Bedrock AgentCore Runtime contract (DESIGN §6.1): `GET /ping` and
 * `POST /invocations` on one port (8080 in the ARM64 container). The session comes in the
 * `X-Amzn-Bedrock-AgentCore-Runtime-Session-Id` header; with `Accept: text/event-stream` the
 * investigation's progress events stream as SSE and end with a `result` event carrying the same
 * object as `cia ask --json` (and the turn a follow-up needs); without it that object is the JSON body.
 */

export type AnswerInvocation = (invocation: Invocation, onProgress: (event: ProgressEvent) => void) => Promise<InvestigationOutcome>;

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
        res.json(resultBody(await options.answer(invocation, () => {})));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      const outcome = await options.answer(invocation, (event) => res.write(sseFrame(event)));
      res.write(sseFrame({ type: 'result', ...resultBody(outcome) }));
      res.end();
    } catch (error) {
      // The answer function ends every investigation itself; this is the runtime failing around it.
      const message = `The agent runtime failed: ${(error as Error).message}`;
      if (res.headersSent) {
        res.write(sseFrame({ type: 'error', message }));
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
