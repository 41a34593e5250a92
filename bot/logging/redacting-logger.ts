import { LogLevel, type Logger } from '@slack/bolt';
import { redactLogArgument, secretValues } from './redact-secrets.js';

const ORDER: Record<LogLevel, number> = { [LogLevel.DEBUG]: 0, [LogLevel.INFO]: 1, [LogLevel.WARN]: 2, [LogLevel.ERROR]: 3 };

/**
 * How a line is written: `console` prints `[LEVEL] name message`; `structured` hands the message
 * alone to a logger whose lines carry the level and the service as fields (Powertools on Lambda).
 */
export type LineFormat = 'console' | 'structured';

/**
 * The one logger of the bot (Bolt's included): console output, or the Powertools Logger on
 * Lambda, with every secret redacted. The secrets are read from the environment when it is made.
 */
export class RedactingLogger implements Logger {
  private level: LogLevel = LogLevel.INFO;
  private name = 'cia';

  constructor(
    private readonly out: Pick<Console, 'debug' | 'info' | 'warn' | 'error'> = console,
    private readonly secrets: readonly string[] = secretValues(process.env),
    private readonly format: LineFormat = 'console',
  ) {}

  debug(...messages: unknown[]): void {
    this.write(LogLevel.DEBUG, messages);
  }
  info(...messages: unknown[]): void {
    this.write(LogLevel.INFO, messages);
  }
  warn(...messages: unknown[]): void {
    this.write(LogLevel.WARN, messages);
  }
  error(...messages: unknown[]): void {
    this.write(LogLevel.ERROR, messages);
  }
  setLevel(level: LogLevel): void {
    this.level = level;
  }
  getLevel(): LogLevel {
    return this.level;
  }
  setName(name: string): void {
    this.name = name;
  }

  private write(level: LogLevel, messages: unknown[]): void {
    if (ORDER[level] < ORDER[this.level]) return;
    const message = messages.map((m) => redactLogArgument(m, this.secrets)).join(' ');
    this.out[level](this.format === 'structured' ? message : `[${level.toUpperCase()}] ${this.name} ${message}`);
  }
}
