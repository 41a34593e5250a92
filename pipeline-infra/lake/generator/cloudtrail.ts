import { GLOBAL_REGION, HOME_REGION } from './accounts.js';
import type { Activity, CallContext } from './cloudtrail-activities.js';
import { AGENTS, buildActors, type Actor } from './cloudtrail-actors.js';
import { accessDenied, apiCall, consoleLogin, principalArn, throttled, userIdentity, type CallError, type CloudTrailRecord, type UserIdentity } from './cloudtrail-record.js';
import { regionInventory } from './inventory.js';
import { WeightedTable, type Random } from './random.js';
import { HOUR, activityLevel, slots, type TimeWindow } from './rhythm.js';

export interface CloudTrailOptions {
  random: Random;
  window: TimeWindow;
  /** About how many events to generate over the window. */
  events: number;
  /** Instances terminated during the window (id → epoch ms): their agents fall silent then. */
  retiredInstances?: ReadonlyMap<string, number>;
}

/** What the generator keeps per actor while it walks through time. */
interface ActorState {
  actor: Actor;
  arn: string;
  contexts: Map<string, CallContext>;
  sessionHour: number;
  identity?: UserIdentity;
  /** IAM users sign in as themselves; role sessions (SSO) sign in with their session. */
  signInIdentity?: UserIdentity;
  signInIps: readonly string[];
  retiredAt: number;
}

/**
 * Normal CloudTrail activity over the window, in time order, one record at a time (so ten
 * million events never have to be in memory at once). Each hour gets a share of the events by
 * who is active then: people in office hours, customers' traffic, machines always.
 */
export function* normalCloudTrail(options: CloudTrailOptions): Generator<CloudTrailRecord> {
  const { random, window } = options;
  const states = buildActors().map((actor) => newState(actor, options.retiredInstances));
  const hours = [...slots(window, HOUR)].map((start) => hourPlan(start, window, states));
  const total = hours.reduce((sum, h) => sum + h.table.total, 0);
  const scale = total > 0 ? options.events / total : 0;
  for (const hour of hours) {
    const count = random.count(hour.table.total * scale);
    const times = new Float64Array(count);
    for (let i = 0; i < count; i++) times[i] = hour.from + Math.floor(random.next() * (hour.to - hour.from));
    times.sort();
    for (const time of times) {
      const state = hour.table.pick(random);
      if (time >= state.retiredAt) continue;
      yield eventOf(state, time, random);
    }
  }
}

function newState(actor: Actor, retired: ReadonlyMap<string, number> | undefined): ActorState {
  const signInClient = actor.clients.items.find((c) => c.tls) ?? actor.clients.items[0]!;
  return {
    actor,
    arn: principalArn(actor.principal),
    contexts: new Map(),
    sessionHour: -1,
    signInIdentity: signInIdentityOf(actor),
    signInIps: signInClient.sourceIps,
    retiredAt: (actor.instance && retired?.get(actor.instance.id)) ?? Infinity,
  };
}

function hourPlan(start: number, window: TimeWindow, states: ActorState[]): { from: number; to: number; table: WeightedTable<ActorState> } {
  const from = Math.max(start, window.from);
  const to = Math.min(start + HOUR, window.to);
  const middle = (from + to) / 2;
  const share = (to - from) / HOUR;
  const weights = states.map((s) => (from >= s.retiredAt ? 0 : s.actor.weight * share * activityLevel(s.actor.schedule, middle, s.actor.utcOffsetHours)));
  return { from, to, table: new WeightedTable(states, weights) };
}

function eventOf(state: ActorState, time: number, random: Random): CloudTrailRecord {
  const { actor } = state;
  const activity = actor.mix.pick(random);
  if (activity.consoleLogin) {
    return consoleLogin(
      { identity: state.signInIdentity ?? sessionIdentity(state, time), time, region: random.chance(0.5) ? GLOBAL_REGION : HOME_REGION, sourceIp: random.pick(state.signInIps), userAgent: AGENTS.browser, mfaUsed: actor.mfa },
      random,
    );
  }
  const region = activity.global ? GLOBAL_REGION : actor.regions.pick(random);
  const client = actor.clients.pick(random);
  const context = contextOf(state, region, random);
  context.time = time;
  const detail = activity.detail?.(context);
  return apiCall(
    {
      identity: sessionIdentity(state, time),
      time,
      eventSource: activity.eventSource,
      eventName: activity.eventName,
      region,
      sourceIp: client.sourceIps.length === 1 ? client.sourceIps[0]! : random.pick(client.sourceIps),
      userAgent: client.userAgent(activity),
      readOnly: activity.readOnly,
      recipientAccountId: actor.principal.account.id,
      requestParameters: detail?.requestParameters,
      responseElements: detail?.responseElements,
      resources: detail?.resources,
      additionalEventData: detail?.additionalEventData,
      error: errorOf(state, activity, random),
      tls: client.tls,
      fromConsole: client.fromConsole,
    },
    random,
  );
}

/** Denied writes for read-only sessions; otherwise a little AccessDenied, Throttling, and the call's own failures. */
function errorOf(state: ActorState, activity: Activity, random: Random): CallError | undefined {
  const { actor } = state;
  if (actor.readOnlyAccess && !activity.readOnly) return accessDenied(activity.eventSource, activity.eventName, state.arn);
  const draw = random.next();
  if (draw < actor.deniedRate) return accessDenied(activity.eventSource, activity.eventName, state.arn);
  if (draw < actor.deniedRate + actor.throttledRate) return throttled(activity.eventSource);
  if (activity.commonError && random.chance(activity.commonError.rate)) return activity.commonError.error;
  return undefined;
}

/** One session per actor and hour: its key and creation date change as real sessions do. */
function sessionIdentity(state: ActorState, time: number): UserIdentity {
  const hour = Math.floor(time / HOUR);
  if (hour !== state.sessionHour || !state.identity) {
    state.sessionHour = hour;
    state.identity = userIdentity(state.actor.principal, hour * HOUR - 7 * 60_000, String(hour), { mfa: state.actor.mfa, consoleSession: state.actor.consoleSession });
  }
  return state.identity;
}

/** The identity a ConsoleLogin record of an IAM user shows: the user, without a key. */
function signInIdentityOf(actor: Actor): UserIdentity | undefined {
  if (actor.principal.kind !== 'iam-user') return undefined;
  const identity = userIdentity(actor.principal, 0, 'sign-in');
  return { type: 'IAMUser', principalId: identity.principalId, arn: identity.arn, accountId: identity.accountId, userName: identity.userName };
}

function contextOf(state: ActorState, region: string, random: Random): CallContext {
  let context = state.contexts.get(region);
  if (!context) {
    const accountId = state.actor.principal.account.id;
    context = { random, accountId, region, inventory: regionInventory(accountId, region), time: 0, instance: state.actor.instance };
    state.contexts.set(region, context);
  }
  return context;
}
