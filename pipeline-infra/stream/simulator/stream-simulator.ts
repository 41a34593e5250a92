import type { AlertBus } from '../../alerts/bus/alert-bus.js';
import { Detector, type DeepPartial, type DetectorOptions } from '../detector.js';
import { parseFlowLogText } from '../flow-record.js';
import { TrafficModel, type GeneratedAttack } from '../traffic-generator.js';
import { SCENARIOS } from './scenarios.js';

export interface SimulateRequest {
  scenario: string;
  /** Account id; default: the last account (prod in the generated organization). */
  account?: string;
  /** A server address of that account; default: its busiest server. */
  target?: string;
  minutes?: number;
}

export interface StreamSimulatorOptions {
  accounts: readonly string[];
  bus: AlertBus;
  /** Normal records a minute across the organization. */
  recordsPerMinute?: number;
  /** Minutes of normal traffic replayed at start so the baselines are warm. */
  warmupMinutes?: number;
  /**
   * Stream seconds per real second. 1: the stream is the present. More (demos, tests): the stream
   * starts `REPLAY_HOURS` back and runs that much faster until it reaches the present, so its
   * times are never in the future.
   */
  speed?: number;
  seed?: number;
  /** Epoch milliseconds; injectable for tests. */
  now?: () => number;
  /** Receives each live minute's records as flow-log text lines (the lake's delivery, as to S3); warm-up minutes are not delivered. */
  deliver?: (lines: string[], minuteStart: number) => void;
  detector?: DeepPartial<DetectorOptions>;
  onError?: (error: unknown) => void;
}

export class SimulationError extends Error {}

const WINDOW = 60;
export const REPLAY_HOURS = 6;

/**
 * The embedded stream (DESIGN §2: "simulator + in-process stream"): normal traffic for the
 * organization's accounts, minute by minute as stream time passes, plus attacks started on
 * demand, fed through the same detector core as Lambda runs; alerts go to the bus. Each minute is
 * generated once its end has passed and its window is closed at once, so an attack that starts
 * at a minute boundary is alerted at the end of its first window.
 */
export class StreamSimulator {
  readonly detector: Detector;
  private readonly model: TrafficModel;
  private readonly attacks: GeneratedAttack[] = [];
  private readonly now: () => number;
  private readonly speed: number;
  private readonly perMinute: number;
  /** Real and stream epoch seconds at the anchor: stream time = anchor + (real − realAnchor) · speed. */
  private realAnchor = 0;
  private streamAnchor = 0;
  /** Start of the next minute to generate (stream epoch seconds). */
  private nextMinute = 0;
  private timer: NodeJS.Timeout | undefined;
  private publishing: Promise<void> = Promise.resolve();

  constructor(private readonly options: StreamSimulatorOptions) {
    if (options.accounts.length === 0) throw new SimulationError('the stream simulator needs at least one account');
    this.model = new TrafficModel(options.seed ?? 11, options.accounts);
    this.now = options.now ?? Date.now;
    this.speed = options.speed ?? 1;
    this.perMinute = options.recordsPerMinute ?? 3000;
    // Records arrive in order, a whole minute at a time: windows close as soon as their minute is in.
    this.detector = new Detector({ allowedLatenessSeconds: 0, ...options.detector });
  }

  /** Replays the warm-up, then follows stream time every `tickMs`. */
  start(tickMs = 250): void {
    const real = this.now() / 1000;
    this.realAnchor = real;
    this.streamAnchor = Math.floor((real - (this.speed > 1 ? REPLAY_HOURS * 3600 : 0)) / WINDOW) * WINDOW;
    this.nextMinute = this.streamAnchor - (this.options.warmupMinutes ?? 90) * WINDOW;
    this.catchUp();
    this.timer = setInterval(() => this.catchUp(), tickMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.publishing;
  }

  /** Stream time, epoch seconds: never ahead of the present. */
  streamTime(): number {
    const real = this.now() / 1000;
    return Math.min(real, this.streamAnchor + (real - this.realAnchor) * this.speed);
  }

  /** Starts an attack at the next minute boundary of the stream. */
  simulate(request: SimulateRequest): GeneratedAttack & { scenario: string; description: string } {
    const scenario = SCENARIOS[request.scenario];
    if (!scenario) throw new SimulationError(`unknown scenario "${request.scenario}"; known: ${Object.keys(SCENARIOS).join(', ')}`);
    const account = request.account ?? this.options.accounts[this.options.accounts.length - 1]!;
    const servers = this.model.serversOf(account);
    if (servers.length === 0) throw new SimulationError(`account ${account} is not in the simulated organization (${this.options.accounts.join(', ')})`);
    const server = request.target ? servers.find((s) => s.ip === request.target) : servers[0];
    if (!server) throw new SimulationError(`${request.target} is not a server of account ${account}; try ${servers.slice(0, 3).map((s) => s.ip).join(', ')}`);
    const minutes = request.minutes ?? scenario.minutes;
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 24 * 60) throw new SimulationError('minutes must be a whole number from 1 to 1440');
    const start = this.nextMinute;
    const attack: GeneratedAttack = {
      kind: scenario.kind, account, target: server.ip, start, end: start + minutes * WINDOW,
      flowsPerMinute: Math.round(this.perMinute * scenario.strength),
    };
    this.attacks.push(attack);
    return { ...attack, scenario: request.scenario, description: scenario.description };
  }

  /** Attacks started so far. */
  get scheduled(): readonly GeneratedAttack[] {
    return this.attacks;
  }

  /** Resolves once the alerts of every minute generated so far are delivered. */
  idle(): Promise<void> {
    return this.publishing;
  }

  /** Generates every minute whose end has passed in stream time. */
  catchUp(): void {
    const until = this.streamTime();
    try {
      while (this.nextMinute + WINDOW <= until) this.step();
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  /** Generates the next minute, closes its window, and publishes what the detector found. */
  step(): void {
    const minuteStart = this.nextMinute;
    const lines: string[] = [];
    this.model.minute(minuteStart, this.perMinute, this.attacks, (line) => lines.push(line));
    this.nextMinute += WINDOW;
    this.detector.push(parseFlowLogText(lines.join('\n')).batch);
    this.detector.flush();
    if (minuteStart >= this.streamAnchor) this.options.deliver?.(lines, minuteStart);
    const alerts = this.detector.drain();
    if (alerts.length === 0) return;
    this.publishing = this.publishing.then(() => this.options.bus.publish(alerts)).catch((error: unknown) => this.options.onError?.(error));
  }
}
