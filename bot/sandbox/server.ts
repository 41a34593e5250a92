import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { SimulationError, type StreamSimulator } from '../../pipeline-infra/stream/simulator/stream-simulator.js';
import { buildSandboxPage } from './web-bundle.js';
import { Delivery, DeliveryError } from './emulator/delivery.js';
import { faultRequestSchema, type FaultRegistry } from './emulator/faults.js';
import type { SandboxEvent } from './emulator/types.js';
import { WebApi } from './emulator/web-api.js';
import { SANDBOX_TEAM, Workspace, type BotIdentity } from './emulator/workspace.js';

/** `POST /sandbox/api/simulate`: which attack, and optionally where and for how long. */
const simulateRequestSchema = z.strictObject({
  scenario: z.string().min(1),
  account: z.string().regex(/^\d{12}$/, 'must be a 12-digit account id').optional(),
  target: z.string().min(1).optional(),
  minutes: z.number().int().min(1).max(1440).optional(),
});

export interface SandboxServerOptions {
  port: number;
  host: string;
  bot: BotIdentity;
  faults: FaultRegistry;
  /** Where the workspace's messages are journaled, so they survive a restart. */
  journal?: string;
}

/**
 * The local Slack: the Web API the bot calls (/api/*), the test API of DESIGN §6.3
 * (/sandbox/api/*), response_urls, and the web page, all on one port.
 */
export class SandboxServer {
  readonly workspace: Workspace;
  private delivery?: Delivery;
  private simulator?: StreamSimulator;
  private server?: Server;
  private urlValue?: string;

  constructor(private readonly options: SandboxServerOptions) {
    this.workspace = new Workspace(options.bot, options.journal);
  }

  get url(): string {
    if (!this.urlValue) throw new Error('the sandbox is not listening yet');
    return this.urlValue;
  }

  async listen(): Promise<string> {
    const page = await buildSandboxPage();
    const app = this.routes(page);
    this.server = await new Promise<Server>((resolve, reject) => {
      const server = app.listen(this.options.port, this.options.host, (error?: Error) => (error ? reject(error) : resolve(server)));
    });
    // Idle connections outlive the clients' pools (undici keeps one 4 s): otherwise a request can
    // go out on a socket the server is closing at that moment, and fail with ECONNRESET under load.
    this.server.keepAliveTimeout = 65_000;
    this.server.headersTimeout = 66_000;
    const { port } = this.server.address() as AddressInfo;
    this.urlValue = `http://${this.options.host}:${port}`;
    return this.urlValue;
  }

  /** Lets POST /sandbox/api/simulate start attacks in the simulated stream. */
  attachStream(simulator: StreamSimulator): void {
    this.simulator = simulator;
  }

  /** Points deliveries at the bot's request URL, signed with its signing secret. */
  attachBot(botUrl: string, signingSecret: string): Delivery {
    this.delivery = new Delivery(this.workspace, { botUrl, signingSecret, sandboxUrl: this.url });
    return this.delivery;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private routes(page: { html: string; js: string; css: string }) {
    const app = express();
    app.disable('x-powered-by');
    app.use(express.urlencoded({ extended: false, limit: '5mb' }));
    app.use(express.json({ limit: '5mb' }));

    app.get('/', (_req, res) => void res.type('html').send(page.html));
    app.get('/sandbox/app.js', (_req, res) => void res.type('js').send(page.js));
    app.get('/sandbox/app.css', (_req, res) => void res.type('css').send(page.css));

    const webApi = new WebApi(this.workspace, this.options.faults, `http://${this.options.host}`);
    app.post('/api/:method', (req, res) => {
      const answer = webApi.call(String(req.params.method), (req.body ?? {}) as Record<string, unknown>, req.headers.authorization);
      res.status(answer.status).set(answer.headers).json(answer.body);
    });

    app.post('/sandbox/response/:id', (req, res) => {
      const outcome = this.requireDelivery().respond(String(req.params.id), (req.body ?? {}) as Record<string, unknown>);
      res.status(outcome.ok ? 200 : 404).json(outcome);
    });

    this.testApi(app);
    app.use((_req, res) => void res.status(404).json({ error: 'not found' }));
    app.use((error: Error, _req: Request, res: Response, _next: NextFunction) => {
      const status = error instanceof DeliveryError ? error.status : error instanceof z.ZodError ? 400 : (error as { status?: number }).status ?? 500;
      const message = error instanceof z.ZodError ? error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') : error.message;
      res.status(status).json({ error: message });
    });
    return app;
  }

  private testApi(app: express.Express): void {
    const { workspace } = this;
    app.get('/sandbox/api/info', (_req, res) => {
      res.json({ team: { id: SANDBOX_TEAM.id, name: SANDBOX_TEAM.name }, bot: { user_id: workspace.bot.userId, bot_id: workspace.bot.botId, name: workspace.bot.name } });
    });
    app.get('/sandbox/api/channels', (_req, res) => void res.json(workspace.channels));
    app.get('/sandbox/api/users', (_req, res) => void res.json(workspace.users));
    app.get('/sandbox/api/messages', (req, res) => {
      const channel = workspace.findChannel(req.query.channel);
      if (!channel) throw new DeliveryError(`unknown channel ${JSON.stringify(req.query.channel ?? null)}`, 404);
      res.json(workspace.channelMessages(channel.id));
    });
    app.get('/sandbox/api/calls', (_req, res) => void res.json(workspace.calls));
    app.get('/sandbox/api/deliveries', (_req, res) => void res.json(workspace.deliveries));
    app.get('/sandbox/api/statuses', (_req, res) => void res.json(workspace.threadStatuses()));
    app.get('/sandbox/api/home', (req, res) => void res.json({ view: workspace.homeView(String(req.query.user ?? '')) ?? null }));
    app.get('/sandbox/api/stream', (req, res) => this.stream(req, res));

    app.post('/sandbox/api/command', async (req, res) => void res.json(await this.requireDelivery().command(req.body ?? {})));
    app.post('/sandbox/api/message', async (req, res) => void res.json(await this.requireDelivery().message(req.body ?? {})));
    app.post('/sandbox/api/action', async (req, res) => void res.json(await this.requireDelivery().action(req.body ?? {})));
    app.post('/sandbox/api/home', async (req, res) => void res.json(await this.requireDelivery().openHome(req.body ?? {})));
    app.post('/sandbox/api/simulate', (req, res) => {
      if (!this.simulator) throw new DeliveryError('the simulated stream is off (CIA_STREAM=off)', 503);
      const body = simulateRequestSchema.parse(req.body ?? {});
      try {
        res.json({ ok: true, attack: this.simulator.simulate(body) });
      } catch (error) {
        if (error instanceof SimulationError) throw new DeliveryError(error.message, 400);
        throw error;
      }
    });
    app.post('/sandbox/api/faults', (req, res) => {
      this.options.faults.arm(faultRequestSchema.parse(req.body ?? {}));
      res.json({ ok: true });
    });
  }

  /** Server-sent events: every message change and thread status, for the page. */
  private stream(req: Request, res: Response): void {
    res.set({ 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.flushHeaders();
    const send = (event: SandboxEvent) => res.write(`data: ${JSON.stringify(event)}\n\n`);
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    this.workspace.events.on('event', send);
    req.on('close', () => {
      clearInterval(heartbeat);
      this.workspace.events.off('event', send);
    });
  }

  private requireDelivery(): Delivery {
    if (!this.delivery) throw new DeliveryError('the bot is not connected to the sandbox yet', 503);
    return this.delivery;
  }
}
