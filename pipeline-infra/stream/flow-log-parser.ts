/**
 * A fast VPC flow-log parser: space-separated text (the v2 default format, or any custom v2–v5
 * format named by a header line) read straight from bytes into a columnar batch. It never splits a
 * line into strings: it scans the bytes once, parses integers and IPv4 addresses in place, and
 * only makes a string for what has no numeric form (IPv6 addresses, non-numeric account ids),
 * which it interns. `-` is null. NODATA and SKIPDATA rows are kept (with null traffic fields);
 * lines that do not fit the format are counted and skipped.
 *
 * Object rows use the catalog's flowlogs column names (pipeline-infra/catalog/tables/flowlogs.ts),
 * the shape Parquet delivery and `cia lake` use; `batchFromRows` takes such rows (numbers, bigints
 * or strings) into the same columnar form.
 */

/** The v2 default format: what a file without a header line holds. */
export const DEFAULT_FORMAT = [
  'version', 'account-id', 'interface-id', 'srcaddr', 'dstaddr', 'srcport', 'dstport',
  'protocol', 'packets', 'bytes', 'start', 'end', 'action', 'log-status',
] as const;

/** What the detector reads from a record; every other field is skipped. */
const enum Kind {
  Skip,
  Account,
  Src,
  Dst,
  SrcPort,
  DstPort,
  Protocol,
  Packets,
  Bytes,
  Start,
  End,
  Action,
  Status,
  TcpFlags,
  Direction,
  Version,
  Interface,
}

const KIND_BY_FIELD: Record<string, Kind> = {
  version: Kind.Version,
  account_id: Kind.Account,
  interface_id: Kind.Interface,
  srcaddr: Kind.Src,
  dstaddr: Kind.Dst,
  srcport: Kind.SrcPort,
  dstport: Kind.DstPort,
  protocol: Kind.Protocol,
  packets: Kind.Packets,
  bytes: Kind.Bytes,
  start: Kind.Start,
  end: Kind.End,
  action: Kind.Action,
  log_status: Kind.Status,
  tcp_flags: Kind.TcpFlags,
  flow_direction: Kind.Direction,
};

export const ACTION = { NONE: 0, ACCEPT: 1, REJECT: 2 } as const;
export const STATUS = { UNKNOWN: 0, OK: 1, NODATA: 2, SKIPDATA: 3 } as const;
export const DIRECTION = { UNKNOWN: 0, INGRESS: 1, EGRESS: 2 } as const;

/** `account-id` (AWS format strings, header lines) and `account_id` (catalog, Parquet, CSV) name the same field. */
export function fieldName(field: string): string {
  return field.trim().replace(/^\$\{(.*)\}$/, '$1').toLowerCase().replace(/-/g, '_');
}

/**
 * Interned strings shared by the batches of one parser: accounts and IPv6 addresses. IPv4
 * addresses are never interned; they travel as their 32-bit value.
 */
export class Dictionary {
  readonly accounts: string[] = [];
  readonly addresses: string[] = [];
  private readonly accountByNumber = new Map<number, number>();
  private readonly accountByText = new Map<string, number>();
  private readonly addressByText = new Map<string, number>();

  private recentKeys = [-1, -1, -1, -1];
  private recentIds = [0, 0, 0, 0];

  accountFromNumber(value: number, digits: number): number {
    // Account ids are 12 digits; the digit count keeps leading zeros apart (000000000000 vs 0).
    const key = value * 32 + digits;
    const recent = this.recentKeys;
    for (let j = 0; j < 4; j++) if (recent[j] === key) return this.recentIds[j]!;
    let id = this.accountByNumber.get(key);
    if (id === undefined) {
      id = this.accounts.length;
      this.accounts.push(String(value).padStart(digits, '0'));
      this.accountByNumber.set(key, id);
    }
    recent.pop();
    recent.unshift(key);
    this.recentIds.pop();
    this.recentIds.unshift(id);
    return id;
  }

  account(text: string): number {
    if (/^\d{1,15}$/.test(text)) return this.accountFromNumber(Number(text), text.length);
    let id = this.accountByText.get(text);
    if (id === undefined) {
      id = this.accounts.length;
      this.accounts.push(text);
      this.accountByText.set(text, id);
    }
    return id;
  }

  /** An address as the batch stores it: the IPv4 value, or −(id + 1) for anything else. */
  address(text: string): number {
    const v4 = parseIpv4(text);
    if (v4 >= 0) return v4;
    let id = this.addressByText.get(text);
    if (id === undefined) {
      id = this.addresses.length;
      this.addresses.push(text);
      this.addressByText.set(text, id);
    }
    return -(id + 1);
  }

  addressText(value: number): string | null {
    if (Number.isNaN(value)) return null;
    return value >= 0 ? ipv4Text(value) : (this.addresses[-value - 1] ?? null);
  }
}

/** Records in columns. Nulls: NaN for addresses and counters, −1 for ports, protocol and flags. */
export interface FlowBatch {
  length: number;
  readonly capacity: number;
  readonly dictionary: Dictionary;
  account: Int32Array;
  src: Float64Array;
  dst: Float64Array;
  srcPort: Int32Array;
  dstPort: Int32Array;
  protocol: Int16Array;
  packets: Float64Array;
  bytes: Float64Array;
  start: Float64Array;
  end: Float64Array;
  action: Int8Array;
  status: Int8Array;
  tcpFlags: Int16Array;
  direction: Int8Array;
}

export function newFlowBatch(capacity: number, dictionary = new Dictionary()): FlowBatch {
  return {
    length: 0,
    capacity,
    dictionary,
    account: new Int32Array(capacity),
    src: new Float64Array(capacity),
    dst: new Float64Array(capacity),
    srcPort: new Int32Array(capacity),
    dstPort: new Int32Array(capacity),
    protocol: new Int16Array(capacity),
    packets: new Float64Array(capacity),
    bytes: new Float64Array(capacity),
    start: new Float64Array(capacity),
    end: new Float64Array(capacity),
    action: new Int8Array(capacity),
    status: new Int8Array(capacity),
    tcpFlags: new Int16Array(capacity),
    direction: new Int8Array(capacity),
  };
}

/** `a.b.c.d` → its 32-bit value, or −1 when the text is not a dotted IPv4 address. */
export function parseIpv4(text: string): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      part = part * 10 + (c - 48);
      if (++digits > 3 || part > 255) return -1;
    } else if (c === 46 && digits > 0 && dots < 3) {
      value = value * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else return -1;
  }
  if (dots !== 3 || digits === 0) return -1;
  return value * 256 + part;
}

export function ipv4Text(value: number): string {
  return `${Math.floor(value / 16777216) % 256}.${Math.floor(value / 65536) % 256}.${Math.floor(value / 256) % 256}.${value % 256}`;
}

/** Where parsing stopped and what it skipped. */
export interface ParseProgress {
  /** Offset just after the last line consumed (parsed or skipped). */
  offset: number;
  /** Lines that did not fit the format, with their 1-based numbers (the first 100) and reasons. */
  skipped: number;
  skippedLines: Array<{ line: number; reason: string }>;
}

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const DASH = 45;

/**
 * Parses space-separated flow-log text into batches. The format comes from the constructor, or
 * from the first line when it is a header (`version account-id …`, with or without `${…}`), or is
 * the v2 default. One parser reads one file (or stream), in order, possibly in chunks.
 */
export class FlowLogParser {
  readonly dictionary: Dictionary;
  private kinds: Kind[] | null;
  private fieldNames: string[] | null;
  private readonly lineCounter = { line: 0, fallback: 0 };
  private isDefault = false;
  private readonly skippedLines: Array<{ line: number; reason: string }> = [];
  private skipped = 0;

  constructor(options: { format?: readonly string[]; dictionary?: Dictionary } = {}) {
    this.dictionary = options.dictionary ?? new Dictionary();
    this.fieldNames = options.format ? options.format.map(fieldName) : null;
    this.kinds = this.fieldNames ? this.fieldNames.map((f) => KIND_BY_FIELD[f] ?? Kind.Skip) : null;
    this.isDefault = this.fieldNames !== null && isDefaultFormat(this.fieldNames);
  }

  /** The format in use (catalog spellings), once known. */
  get format(): string[] | null {
    return this.fieldNames ? [...this.fieldNames] : null;
  }

  get skippedCount(): number {
    return this.skipped;
  }

  /**
   * Parses whole lines of `buf[from, to)` into `batch` until the batch is full or no complete line
   * remains. With `final`, a last line without a newline is parsed too. Returns the offset to resume from.
   */
  parseInto(buf: Uint8Array, batch: FlowBatch, from = 0, to = buf.length, final = true): ParseProgress {
    let pos = from;
    while (pos < to && batch.length < batch.capacity) {
      if (this.kinds && this.isDefault) {
        // The common case, v2 default lines, takes the fast path; it hands back lines it cannot read.
        pos = parseDefaultLines(buf, pos, to, final, batch, this.dictionary, this.lineCounter);
        if (pos >= to || batch.length >= batch.capacity) break;
        if (this.lineCounter.fallback < 0) break; // an incomplete last line
      }
      let eol = buf.indexOf(LF, pos);
      if (eol < 0 || eol >= to) {
        if (!final) break;
        eol = to;
      }
      this.lineCounter.line++;
      this.lineCounter.fallback = 0;
      let lineEnd = eol;
      if (lineEnd > pos && buf[lineEnd - 1] === CR) lineEnd--;
      const blank = isBlank(buf, pos, lineEnd);
      if (!blank && (this.kinds || !this.readFormat(buf, pos, lineEnd))) {
        const reason = this.parseLine(buf, pos, lineEnd, batch);
        if (reason) this.skip(reason);
      }
      pos = eol + 1;
    }
    return { offset: Math.min(pos, to), skipped: this.skipped, skippedLines: [...this.skippedLines] };
  }

  private skip(reason: string): void {
    this.skipped++;
    if (this.skippedLines.length < 100) this.skippedLines.push({ line: this.lineCounter.line, reason });
  }

  /** Sets the format from the first non-blank line: a header names it, else it is the v2 default. True for a header. */
  private readFormat(buf: Uint8Array, from: number, to: number): boolean {
    let p = from;
    while (p < to && (buf[p] === SPACE || buf[p] === TAB)) p++;
    const c = buf[p]!;
    const isHeader = !(c >= 48 && c <= 57) && c !== DASH;
    this.fieldNames = isHeader ? latin1(buf, from, to).trim().split(/\s+/).map(fieldName) : DEFAULT_FORMAT.map(fieldName);
    this.kinds = this.fieldNames.map((f) => KIND_BY_FIELD[f] ?? Kind.Skip);
    this.isDefault = isDefaultFormat(this.fieldNames);
    return isHeader;
  }

  /** Parses one line into the next batch slot; returns a reason when the line does not fit. */
  private parseLine(buf: Uint8Array, from: number, to: number, batch: FlowBatch): string | null {
    const kinds = this.kinds!;
    const nf = kinds.length;
    const i = batch.length;
    // Defaults: nulls everywhere.
    let account = -1;
    let src = NaN;
    let dst = NaN;
    let srcPort = -1;
    let dstPort = -1;
    let protocol = -1;
    let packets = NaN;
    let bytes = NaN;
    let start = NaN;
    let end = NaN;
    let action = 0;
    let status = 0;
    let tcpFlags = -1;
    let direction = 0;
    let p = from;
    let f = 0;
    while (true) {
      while (p < to && (buf[p] === SPACE || buf[p] === TAB)) p++;
      if (p >= to) break;
      if (f >= nf) return `more than the ${nf} fields of the format`;
      const kind = kinds[f++]!;
      const tokenStart = p;
      const first = buf[p]!;
      // A lone '-' is null.
      if (first === DASH && (p + 1 >= to || buf[p + 1] === SPACE || buf[p + 1] === TAB)) {
        p++;
        continue;
      }
      switch (kind) {
        case Kind.Src:
        case Kind.Dst: {
          // Dotted IPv4 parsed in place; anything else (IPv6) interned as text.
          let value = 0;
          let part = 0;
          let digits = 0;
          let dots = 0;
          let ok = true;
          while (p < to) {
            const c = buf[p]!;
            if (c === SPACE || c === TAB) break;
            if (c >= 48 && c <= 57) {
              part = part * 10 + (c - 48);
              if (++digits > 3 || part > 255) ok = false;
            } else if (c === 46 && digits > 0) {
              value = value * 256 + part;
              part = 0;
              digits = 0;
              dots++;
            } else ok = false;
            p++;
          }
          const address = ok && dots === 3 && digits > 0 ? value * 256 + part : this.dictionary.address(latin1(buf, tokenStart, p));
          if (kind === Kind.Src) src = address;
          else dst = address;
          continue;
        }
        case Kind.Action:
          action = first === 65 ? 1 : first === 82 ? 2 : 0; // A(CCEPT) / R(EJECT)
          break;
        case Kind.Status:
          status = first === 79 ? 1 : first === 78 ? 2 : first === 83 ? 3 : 0; // O(K) / N(ODATA) / S(KIPDATA)
          break;
        case Kind.Direction:
          direction = first === 105 ? 1 : first === 101 ? 2 : 0; // i(ngress) / e(gress)
          break;
        case Kind.Skip:
        case Kind.Interface:
        case Kind.Version:
          break;
        case Kind.Account: {
          // 12 digits, kept as a number; anything else interned as text.
          let n = 0;
          let digits = 0;
          let numeric = true;
          while (p < to) {
            const c = buf[p]!;
            if (c === SPACE || c === TAB) break;
            if (c < 48 || c > 57) numeric = false;
            else n = n * 10 + (c - 48);
            digits++;
            p++;
          }
          account = numeric && digits <= 15 ? this.dictionary.accountFromNumber(n, digits) : this.dictionary.account(latin1(buf, tokenStart, p));
          continue;
        }
        default: {
          // Unsigned decimal integers, parsed in place.
          let n = 0;
          let digits = 0;
          while (p < to) {
            const c = buf[p]!;
            if (c === SPACE || c === TAB) break;
            if (c < 48 || c > 57) return `field ${f} (${this.fieldNames![f - 1]}) is not a number`;
            n = n * 10 + (c - 48);
            digits++;
            p++;
          }
          switch (kind) {
            case Kind.SrcPort:
              srcPort = n;
              break;
            case Kind.DstPort:
              dstPort = n;
              break;
            case Kind.Protocol:
              protocol = n;
              break;
            case Kind.Packets:
              packets = n;
              break;
            case Kind.Bytes:
              bytes = n;
              break;
            case Kind.Start:
              start = n;
              break;
            case Kind.End:
              end = n;
              break;
            case Kind.TcpFlags:
              tcpFlags = n;
              break;
          }
          continue;
        }
      }
      while (p < to && buf[p] !== SPACE && buf[p] !== TAB) p++;
    }
    if (f !== nf) return `${f} fields where the format has ${nf}`;
    if (Number.isNaN(start)) return 'no start time';
    batch.account[i] = account;
    batch.src[i] = src;
    batch.dst[i] = dst;
    batch.srcPort[i] = srcPort;
    batch.dstPort[i] = dstPort;
    batch.protocol[i] = protocol;
    batch.packets[i] = packets;
    batch.bytes[i] = bytes;
    batch.start[i] = start;
    batch.end[i] = Number.isNaN(end) ? start : end;
    batch.action[i] = action;
    batch.status[i] = status;
    batch.tcpFlags[i] = tcpFlags;
    batch.direction[i] = direction;
    batch.length = i + 1;
    return null;
  }
}

function isBlank(buf: Uint8Array, from: number, to: number): boolean {
  for (let p = from; p < to; p++) if (buf[p] !== SPACE && buf[p] !== TAB && buf[p] !== CR) return false;
  return true;
}

function latin1(buf: Uint8Array, from: number, to: number): string {
  let text = '';
  for (let p = from; p < to; p++) text += String.fromCharCode(buf[p]!);
  return text;
}

const DEFAULT_NAMES = DEFAULT_FORMAT.map(fieldName);

function isDefaultFormat(fields: readonly string[]): boolean {
  return fields.length === DEFAULT_NAMES.length && fields.every((f, i) => f === DEFAULT_NAMES[i]);
}

/**
 * The fast path for v2 default lines: fixed field order, single spaces, IPv4 addresses, no nulls.
 * Parses lines into `batch` from `from` until the batch is full, the input ends, or a line does not
 * fit the fast path; then it sets `counter.fallback` (1: read that line the general way; −1: the
 * last line is incomplete) and returns that line's offset. `counter.line` counts the lines consumed.
 */
function parseDefaultLines(buf: Uint8Array, from: number, to: number, final: boolean, batch: FlowBatch, dictionary: Dictionary, counter: { line: number; fallback: number }): number {
  const cap = batch.capacity;
  const accountCol = batch.account;
  const srcCol = batch.src;
  const dstCol = batch.dst;
  const srcPortCol = batch.srcPort;
  const dstPortCol = batch.dstPort;
  const protocolCol = batch.protocol;
  const packetsCol = batch.packets;
  const bytesCol = batch.bytes;
  const startCol = batch.start;
  const endCol = batch.end;
  const actionCol = batch.action;
  const statusCol = batch.status;
  const flagsCol = batch.tcpFlags;
  const directionCol = batch.direction;
  let i = batch.length;
  let p = from;
  let lastAccountNumber = -1;
  let lastAccountDigits = 0;
  let lastAccount = -1;
  counter.fallback = 0;
  let lineStart = p;
  let broke = false;
  while (p < to && i < cap) {
    lineStart = p;
    broke = true;
    let c = 0;
    // version: digits
    while (p < to && (c = buf[p]!) >= 48 && c <= 57) p++;
    if (p === lineStart || c !== SPACE) break;
    p++;
    // account-id: digits
    let n = 0;
    let q = p;
    while (p < to && (c = buf[p]!) >= 48 && c <= 57) {
      n = n * 10 + (c - 48);
      p++;
    }
    const digits = p - q;
    if (digits === 0 || digits > 15 || c !== SPACE) break;
    p++;
    if (n !== lastAccountNumber || digits !== lastAccountDigits) {
      lastAccount = dictionary.accountFromNumber(n, digits);
      lastAccountNumber = n;
      lastAccountDigits = digits;
    }
    // interface-id: any token
    q = p;
    while (p < to && (c = buf[p]!) !== SPACE && c !== LF) p++;
    if (p === q || c !== SPACE) break;
    p++;
    // srcaddr, dstaddr: dotted IPv4
    let address = 0;
    let part = 0;
    let dots = 0;
    q = p;
    while (p < to) {
      c = buf[p]!;
      if (c >= 48 && c <= 57) part = part * 10 + (c - 48);
      else if (c === 46) {
        address = address * 256 + part;
        part = 0;
        dots++;
      } else break;
      p++;
    }
    if (dots !== 3 || part > 255 || c !== SPACE || p - q < 7) break;
    const src = address * 256 + part;
    p++;
    address = 0;
    part = 0;
    dots = 0;
    q = p;
    while (p < to) {
      c = buf[p]!;
      if (c >= 48 && c <= 57) part = part * 10 + (c - 48);
      else if (c === 46) {
        address = address * 256 + part;
        part = 0;
        dots++;
      } else break;
      p++;
    }
    if (dots !== 3 || part > 255 || c !== SPACE || p - q < 7) break;
    const dst = address * 256 + part;
    p++;
    // srcport dstport protocol packets bytes start end: integers
    let srcPort = 0;
    q = p;
    while (p < to && (c = buf[p]!) >= 48 && c <= 57) {
      srcPort = srcPort * 10 + (c - 48);
      p++;
    }
    if (p === q || c !== SPACE) break;
    p++;
    let dstPort = 0;
    q = p;
    while (p < to && (c = buf[p]!) >= 48 && c <= 57) {
      dstPort = dstPort * 10 + (c - 48);
      p++;
    }
    if (p === q || c !== SPACE) break;
    p++;
    let protocol = 0;
    q = p;
    while (p < to && (c = buf[p]!) >= 48 && c <= 57) {
      protocol = protocol * 10 + (c - 48);
      p++;
    }
    if (p === q || c !== SPACE) break;
    p++;
    let packets = 0;
    q = p;
    while (p < to && (c = buf[p]!) >= 48 && c <= 57) {
      packets = packets * 10 + (c - 48);
      p++;
    }
    if (p === q || c !== SPACE) break;
    p++;
    let bytes = 0;
    q = p;
    while (p < to && (c = buf[p]!) >= 48 && c <= 57) {
      bytes = bytes * 10 + (c - 48);
      p++;
    }
    if (p === q || c !== SPACE) break;
    p++;
    let start = 0;
    q = p;
    while (p < to && (c = buf[p]!) >= 48 && c <= 57) {
      start = start * 10 + (c - 48);
      p++;
    }
    if (p === q || c !== SPACE) break;
    p++;
    let end = 0;
    q = p;
    while (p < to && (c = buf[p]!) >= 48 && c <= 57) {
      end = end * 10 + (c - 48);
      p++;
    }
    if (p === q || c !== SPACE) break;
    p++;
    // action, log-status: first letters
    if (p >= to) break;
    c = buf[p]!;
    const action = c === 65 ? 1 : c === 82 ? 2 : -1;
    if (action < 0) break;
    while (p < to && buf[p] !== SPACE) p++;
    p++;
    if (p >= to) break;
    c = buf[p]!;
    const status = c === 79 ? 1 : c === 78 ? 2 : c === 83 ? 3 : -1;
    if (status < 0) break;
    while (p < to && (c = buf[p]!) !== LF && c !== SPACE && c !== CR) p++;
    if (p < to && c === CR) c = buf[++p] ?? LF;
    if (p >= to) {
      if (!final) {
        batch.length = i;
        counter.fallback = -1;
        return lineStart;
      }
    } else if (c !== LF) break;
    accountCol[i] = lastAccount;
    srcCol[i] = src;
    dstCol[i] = dst;
    srcPortCol[i] = srcPort;
    dstPortCol[i] = dstPort;
    protocolCol[i] = protocol;
    packetsCol[i] = packets;
    bytesCol[i] = bytes;
    startCol[i] = start;
    endCol[i] = end;
    actionCol[i] = action;
    statusCol[i] = status;
    flagsCol[i] = -1;
    directionCol[i] = 0;
    i++;
    counter.line++;
    p++;
    broke = false;
  }
  batch.length = i;
  if (broke) {
    // The line the loop broke out of goes the general way (which also waits for the rest of an incomplete line).
    counter.fallback = 1;
    return lineStart;
  }
  return p;
}
