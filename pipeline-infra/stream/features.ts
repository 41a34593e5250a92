import { TOP_ENTRY, hllAdd, hllCount, mix32, topAdd, topEntries, topSlots, type TopEntry } from './sketches.js';

/**
 * Windowed traffic features per (account, destination): one `WindowTable` per open window, an
 * open-addressing hash table whose rows are stripes of two flat typed arrays, so adding a record
 * allocates nothing and touches few cache lines: `cells` holds a row's counters and its
 * space-saving top sources (by flows) and top ports (by packets) side by side, `registers` its
 * HyperLogLog registers for distinct sources and destination ports. Each account also gets an
 * account-wide aggregate (destination `ACCOUNT_WIDE`), for attacks spread over many hosts: it is
 * summed from the account's rows when the window closes (counters add up, HyperLogLog registers
 * merge by maximum), plus the records whose destination found no row because the table was full.
 */

export const ACCOUNT_WIDE = -0.5;
export const SOURCE_BITS = 6;
export const PORT_BITS = 5;
export const TOP_K = 4;
/** Ports tracked per row (the evidence names the dominant ones). */
export const TOP_PORTS = 2;
export const SOURCE_REGS = 1 << SOURCE_BITS;
export const PORT_REGS = 1 << PORT_BITS;

/** Destination ports of remote-login and database services: many flows to these from few sources look like password guessing. */
export const AUTH_PORTS: readonly number[] = [21, 22, 23, 445, 1433, 3306, 3389, 5432, 5900];
const IS_AUTH_PORT = new Uint8Array(65536);
for (const port of AUTH_PORTS) IS_AUTH_PORT[port] = 1;
/** Port hashes, computed once. */
const PORT_HASH = Uint32Array.from({ length: 65536 }, (_, port) => mix32(port + 0x51ed27));

/** Counters per row, in this order. */
export const C = {
  packets: 0,
  bytes: 1,
  flows: 2,
  tcpFlows: 3,
  tcpPackets: 4,
  udpPackets: 5,
  icmpPackets: 6,
  flaggedTcpFlows: 7,
  synOnlyFlows: 8,
  smallTcpFlows: 9,
  fragmentFlows: 10,
  rejectFlows: 11,
  actionFlows: 12,
  authFlows: 13,
  serviceReplyFlows: 14,
} as const;
export const COUNTERS = 15;

/** A row's cells: its counters, then its top sources, then its top ports (each entry a key, count, error triple). */
const TOP_SOURCES_AT = COUNTERS;
const TOP_PORTS_AT = TOP_SOURCES_AT + TOP_K * TOP_ENTRY;
const ROW_CELLS = TOP_PORTS_AT + TOP_PORTS * TOP_ENTRY;
/** A row's registers: distinct sources, then distinct destination ports. */
const PORT_REGS_AT = SOURCE_REGS;
const ROW_REGS = SOURCE_REGS + PORT_REGS;

/** One row as plain numbers: what a detector state keeps of it. */
export interface RowContents {
  counters: number[];
  sourceRegisters: Uint8Array;
  portRegisters: Uint8Array;
  /** [key, count, possible error], in slot order. */
  topSources: TopEntry[];
  topPorts: TopEntry[];
}

export class WindowTable {
  capacity: number;
  size = 0;
  /** Records that found no row because the table was at `maxRows` (they still count account-wide). */
  overflow = 0;
  account: Int32Array;
  dst: Float64Array;
  private cells: Float64Array;
  private registers: Uint8Array;
  /** Row of each account's overflow aggregate (by account id), −1 until made. */
  private accountRows: Int32Array = new Int32Array(0);

  constructor(
    public window: number,
    readonly maxRows: number,
    initialCapacity = 256,
  ) {
    this.capacity = initialCapacity;
    this.account = new Int32Array(0);
    this.dst = new Float64Array(0);
    this.cells = new Float64Array(0);
    this.registers = new Uint8Array(0);
    this.allocate(initialCapacity);
  }

  private allocate(capacity: number): void {
    this.capacity = capacity;
    this.account = new Int32Array(capacity).fill(-1);
    this.dst = new Float64Array(capacity);
    this.cells = new Float64Array(capacity * ROW_CELLS);
    this.registers = new Uint8Array(capacity * ROW_REGS);
    this.clearTops();
    this.accountRows = new Int32Array(0);
  }

  /** Marks every top-k entry empty (a NaN key). */
  private clearTops(): void {
    const cells = this.cells;
    for (let o = 0; o < cells.length; o += ROW_CELLS) for (let j = o + TOP_SOURCES_AT; j < o + ROW_CELLS; j += TOP_ENTRY) cells[j] = Number.NaN;
  }

  /** Empties the table for another window, keeping its arrays (no allocation). */
  reset(window: number): void {
    this.window = window;
    this.size = 0;
    this.overflow = 0;
    this.account.fill(-1);
    this.cells.fill(0);
    this.clearTops();
    this.registers.fill(0);
    this.accountRows.fill(-1);
  }

  private grow(): void {
    const { account, dst, cells, registers } = this;
    const oldCapacity = this.capacity;
    this.allocate(oldCapacity * 2);
    this.size = 0;
    for (let r = 0; r < oldCapacity; r++) {
      if (account[r]! < 0) continue;
      const to = this.insert(account[r]!, dst[r]!);
      this.cells.set(cells.subarray(r * ROW_CELLS, (r + 1) * ROW_CELLS), to * ROW_CELLS);
      this.registers.set(registers.subarray(r * ROW_REGS, (r + 1) * ROW_REGS), to * ROW_REGS);
    }
  }
  private slot(account: number, dst: number): number {
    return mix32((dst >= 0 ? dst : Math.floor(-dst * 2)) ^ Math.imul(account + 1, 0x9e3779b9)) & (this.capacity - 1);
  }

  private insert(account: number, dst: number): number {
    const mask = this.capacity - 1;
    let r = this.slot(account, dst);
    while (this.account[r]! >= 0) r = (r + 1) & mask;
    this.account[r] = account;
    this.dst[r] = dst;
    this.size++;
    return r;
  }

  /** The row of (account, dst), created if needed; −1 when the table is full. */
  row(account: number, dst: number): number {
    const mask = this.capacity - 1;
    let r = this.slot(account, dst);
    const accounts = this.account;
    const dsts = this.dst;
    while (true) {
      const a = accounts[r]!;
      if (a < 0) break;
      if (a === account && dsts[r] === dst) return r;
      r = (r + 1) & mask;
    }
    if (this.size >= this.maxRows) return -1;
    if ((this.size + 1) * 4 > this.capacity * 3) {
      this.grow();
      return this.row(account, dst);
    }
    return this.insert(account, dst);
  }

  /** The row of (account, dst) if it has one, else −1 (nothing is created). */
  find(account: number, dst: number): number {
    const mask = this.capacity - 1;
    for (let r = this.slot(account, dst); this.account[r]! >= 0; r = (r + 1) & mask) if (this.account[r] === account && this.dst[r] === dst) return r;
    return -1;
  }

  /** The row that takes an account's records whose destination found no row (made even past `maxRows`). */
  overflowRow(account: number): number {
    if (account < this.accountRows.length && this.accountRows[account]! >= 0) return this.accountRows[account]!;
    if (account >= this.accountRows.length) {
      const grown = new Int32Array(Math.max(account + 1, this.accountRows.length * 2, 8)).fill(-1);
      grown.set(this.accountRows);
      this.accountRows = grown;
    }
    let r = -1;
    for (let q = 0; q < this.capacity; q++) if (this.account[q] === account && this.dst[q] === ACCOUNT_WIDE) r = q;
    if (r < 0) {
      if ((this.size + 1) * 4 > this.capacity * 3) this.grow();
      r = this.insert(account, ACCOUNT_WIDE);
    }
    this.accountRows[account] = r;
    return r;
  }

  /** Adds one flow record to a row. */
  add(r: number, srcKey: number, srcHash: number, dstPort: number, protocol: number, packets: number, bytes: number, action: number, tcpFlags: number, srcPort: number): void {
    const c = this.cells;
    const o = r * ROW_CELLS;
    c[o] = c[o]! + packets;
    c[o + 1] = c[o + 1]! + bytes;
    c[o + 2] = c[o + 2]! + 1;
    if (protocol === 6) {
      c[o + C.tcpFlows] = c[o + C.tcpFlows]! + 1;
      c[o + C.tcpPackets] = c[o + C.tcpPackets]! + packets;
      if (tcpFlags >= 0) {
        c[o + C.flaggedTcpFlows] = c[o + C.flaggedTcpFlows]! + 1;
        // SYN without ACK, FIN or RST: a handshake that never completed.
        if ((tcpFlags & 0x17) === 0x02) c[o + C.synOnlyFlows] = c[o + C.synOnlyFlows]! + 1;
      }
      // Few, tiny packets: what a SYN flood looks like when the format has no tcp-flags.
      if (packets <= 3 && bytes <= packets * 80) c[o + C.smallTcpFlows] = c[o + C.smallTcpFlows]! + 1;
      if (dstPort >= 0 && IS_AUTH_PORT[dstPort] === 1) c[o + C.authFlows] = c[o + C.authFlows]! + 1;
    } else if (protocol === 17) c[o + C.udpPackets] = c[o + C.udpPackets]! + packets;
    else if (protocol === 1 || protocol === 58) c[o + C.icmpPackets] = c[o + C.icmpPackets]! + packets;
    // Non-first IP fragments carry no transport header: flow logs show them with ports 0.
    if (dstPort === 0 && srcPort === 0 && (protocol === 6 || protocol === 17)) c[o + C.fragmentFlows] = c[o + C.fragmentFlows]! + 1;
    // From a well-known service port (1–1023) to an unprivileged one: the shape of a server's
    // answers to a client's ephemeral ports. A scanner probes from unprivileged ports, so one port
    // range test tells the two apart without per-port state (a dominant-source-port share would
    // not: nmap's SYN scan sends most of its probes from one source port).
    if (srcPort > 0 && srcPort < 1024 && dstPort >= 1024) c[o + C.serviceReplyFlows] = c[o + C.serviceReplyFlows]! + 1;
    if (action > 0) {
      c[o + C.actionFlows] = c[o + C.actionFlows]! + 1;
      if (action === 2) c[o + C.rejectFlows] = c[o + C.rejectFlows]! + 1;
    }
    const regs = r * ROW_REGS;
    hllAdd(this.registers, regs, SOURCE_BITS, srcHash);
    topAdd(c, o + TOP_SOURCES_AT, TOP_K, srcKey, 1);
    if (dstPort >= 0 && dstPort < 65536) {
      hllAdd(this.registers, regs + PORT_REGS_AT, PORT_BITS, PORT_HASH[dstPort]!);
      topAdd(c, o + TOP_PORTS_AT, TOP_PORTS, dstPort, packets);
    }
  }

  /** Rows in use. */
  rows(): number[] {
    const out: number[] = [];
    for (let r = 0; r < this.capacity; r++) if (this.account[r]! >= 0) out.push(r);
    return out;
  }

  features(r: number, windowSeconds: number): RowFeatures {
    return featuresOf(this.account[r]!, this.dst[r]!, r, this.cells, r * ROW_CELLS, this.registers, r * ROW_REGS + PORT_REGS_AT, windowSeconds);
  }

  /** Each account's account-wide features: the sum of its rows' counters (its overflow row included). */
  accountFeatures(windowSeconds: number, rows: readonly number[] = this.rows()): RowFeatures[] {
    const sums = new Map<number, Float64Array>();
    const c = this.cells;
    for (const r of rows) {
      const a = this.account[r]!;
      let acc = sums.get(a);
      if (!acc) sums.set(a, (acc = new Float64Array(COUNTERS)));
      const o = r * ROW_CELLS;
      for (let k = 0; k < COUNTERS; k++) acc[k] = acc[k]! + c[o + k]!;
    }
    return [...sums].map(([a, acc]) => featuresOf(a, ACCOUNT_WIDE, -1, acc, 0, null, 0, windowSeconds));
  }

  /** Distinct sources of a row, or of an account as a whole (its rows' registers merged). */
  distinctSources(f: RowFeatures): number {
    const regs = this.registers;
    if (f.row >= 0) return Math.round(hllCount(regs, f.row * ROW_REGS, SOURCE_BITS));
    const merged = new Uint8Array(SOURCE_REGS);
    for (let r = 0; r < this.capacity; r++) {
      if (this.account[r] !== f.account) continue;
      const s = r * ROW_REGS;
      for (let k = 0; k < SOURCE_REGS; k++) if (regs[s + k]! > merged[k]!) merged[k] = regs[s + k]!;
    }
    return Math.round(hllCount(merged, 0, SOURCE_BITS));
  }

  /** Heaviest sources of a row by flows: estimated count and guaranteed lower bound. */
  topSources(r: number): Array<{ key: number; count: number; guaranteed: number }> {
    return r < 0 ? [] : topEntries(this.cells, r * ROW_CELLS + TOP_SOURCES_AT, TOP_K);
  }

  /** Destination ports of a row carrying most packets. */
  topPorts(r: number): Array<{ key: number; count: number; guaranteed: number }> {
    return r < 0 ? [] : topEntries(this.cells, r * ROW_CELLS + TOP_PORTS_AT, TOP_PORTS);
  }

  /** A row's contents, to keep in a detector state. */
  contents(r: number): RowContents {
    const o = r * ROW_CELLS;
    const regs = r * ROW_REGS;
    return {
      counters: Array.from(this.cells.subarray(o, o + COUNTERS)),
      sourceRegisters: this.registers.slice(regs, regs + SOURCE_REGS),
      portRegisters: this.registers.slice(regs + PORT_REGS_AT, regs + ROW_REGS),
      topSources: topSlots(this.cells, o + TOP_SOURCES_AT, TOP_K),
      topPorts: topSlots(this.cells, o + TOP_PORTS_AT, TOP_PORTS),
    };
  }

  /** Restores a row's contents from a detector state (extra top entries are dropped). */
  setContents(r: number, row: RowContents): void {
    const o = r * ROW_CELLS;
    const regs = r * ROW_REGS;
    this.cells.set(row.counters.slice(0, COUNTERS), o);
    this.registers.set(row.sourceRegisters.subarray(0, SOURCE_REGS), regs);
    this.registers.set(row.portRegisters.subarray(0, PORT_REGS), regs + PORT_REGS_AT);
    const place = (entries: TopEntry[], at: number, k: number) =>
      entries.slice(0, k).forEach((entry, j) => this.cells.set(entry, o + at + j * TOP_ENTRY));
    place(row.topSources, TOP_SOURCES_AT, TOP_K);
    place(row.topPorts, TOP_PORTS_AT, TOP_PORTS);
  }
}

function featuresOf(account: number, dst: number, row: number, c: Float64Array, o: number, portRegs: Uint8Array | null, po: number, windowSeconds: number): RowFeatures {
  const packets = c[o + C.packets]!;
  const flows = c[o + C.flows]!;
  const tcpFlows = c[o + C.tcpFlows]!;
  const flagged = c[o + C.flaggedTcpFlows]!;
  const actionFlows = c[o + C.actionFlows]!;
  return {
    account,
    dst,
    row,
    packets,
    bytes: c[o + C.bytes]!,
    flows,
    pps: packets / windowSeconds,
    bps: (c[o + C.bytes]! * 8) / windowSeconds,
    fps: flows / windowSeconds,
    ports: portRegs ? Math.round(hllCount(portRegs, po, PORT_BITS)) : 0,
    authFps: c[o + C.authFlows]! / windowSeconds,
    serviceReplyShare: flows > 0 ? c[o + C.serviceReplyFlows]! / flows : 0,
    tcpShare: packets > 0 ? c[o + C.tcpPackets]! / packets : 0,
    udpShare: packets > 0 ? c[o + C.udpPackets]! / packets : 0,
    icmpShare: packets > 0 ? c[o + C.icmpPackets]! / packets : 0,
    synOnlyRatio: flagged > 0 ? c[o + C.synOnlyFlows]! / flagged : null,
    flaggedShare: tcpFlows > 0 ? flagged / tcpFlows : 0,
    smallTcpShare: tcpFlows > 0 ? c[o + C.smallTcpFlows]! / tcpFlows : 0,
    fragmentShare: flows > 0 ? c[o + C.fragmentFlows]! / flows : 0,
    rejectRatio: actionFlows > 0 ? c[o + C.rejectFlows]! / actionFlows : null,
  };
}

/** What one row of a closed window says: rates, distinct counts, composition. */
export interface RowFeatures {
  account: number;
  dst: number;
  /** The table row (for its top sources and ports), −1 for account-wide aggregates. */
  row: number;
  packets: number;
  bytes: number;
  flows: number;
  pps: number;
  bps: number;
  fps: number;
  /** Distinct destination ports (HyperLogLog estimate, ±18 %; 0 account-wide). Distinct sources: `WindowTable.distinctSources`. */
  ports: number;
  /** Flows per second to remote-login and database ports. */
  authFps: number;
  /** Share of flows from a well-known port (1–1023) to an unprivileged one (≥ 1024): a service's replies. */
  serviceReplyShare: number;
  tcpShare: number;
  udpShare: number;
  icmpShare: number;
  /** Share of TCP flows with tcp-flags whose flags are SYN only; null when the format has no tcp-flags. */
  synOnlyRatio: number | null;
  flaggedShare: number;
  smallTcpShare: number;
  fragmentShare: number;
  /** Share of flows rejected; null when no record carried an action. */
  rejectRatio: number | null;
}
