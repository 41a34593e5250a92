/** Names, addresses and ids a question mentions, told apart from the words around them. */
export interface Entities {
  ips: string[];
  cidrs: string[];
  ports: number[];
  /** The caller asked about: "what did benjamin do", "calls by bert-jan". */
  principal?: string;
  /** Other identifiers (bucket names, function names, resource ids) to look for in the request. */
  resourceNames: string[];
  any: boolean;
}

const IPV4 = /\b(?:\d{1,3}\.){3}\d{1,3}\b(?!\/)/g;
const CIDR = /\b(?:\d{1,3}\.){3}\d{1,3}\/\d{1,2}\b/g;
const WELL_KNOWN_PORTS: Record<string, number> = { ssh: 22, rdp: 3389, http: 80, https: 443, mysql: 3306, postgres: 5432, postgresql: 5432, smb: 445, telnet: 23, dns: 53 };

/** Words with digits or dashes that are vocabulary, not identifiers. */
const NOT_IDENTIFIERS = /^(?:ec2|s3|ipv[46]|v\d+|x86(?:_64)?|arm64|2fa|mfa|sign-?ins?|log-?ins?|sign-?on|e-?mail|built-in|add-ons?|follow-ups?|re-?run|x-ray|non-\w+|self-\w+|cross-account|multi-\w+|read-only|write-only|on-call|real-time|third-party|so-called|well-known|up-to-date|end-to-end|ap-\w+|us-\w+|eu-\w+|last-\w+|top-\w+|step-by-step|\d+(?:st|nd|rd|th)|\d+|\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}|route53|k8s|p\d\d|24h|7d|level)$/i;
const STOP_PRINCIPALS = new Set(['the', 'a', 'an', 'this', 'that', 'who', 'whom', 'iam', 'aws', 'user', 'users', 'role', 'roles', 'someone', 'anyone', 'they', 'it', 'he', 'she', 'we', 'you', 'i', 'service', 'services', 'account', 'accounts', 'people']);

export function extractEntities(question: string, ignoredSpans: string[] = []): Entities {
  let text = question;
  for (const span of ignoredSpans) text = text.replace(span, ' ');
  const cidrs = [...new Set([...text.matchAll(CIDR)].map((m) => m[0]))];
  const withoutCidrs = text.replace(CIDR, ' ');
  const ips = [...new Set([...withoutCidrs.matchAll(IPV4)].map((m) => m[0]))];
  const lower = text.toLowerCase();
  const ports = [...new Set([
    ...[...lower.matchAll(/\bports?\s+(\d{1,5})\b/g)].map((m) => Number(m[1])),
    ...Object.entries(WELL_KNOWN_PORTS).filter(([name]) => new RegExp(`\\b${name}\\b`).test(lower) && /\b(?:port|ingress|inbound|rule|security group|open)\w*/.test(lower)).map(([, port]) => port),
  ])];
  const principal = principalOf(text);
  const resourceNames = identifierTokens(withoutCidrs.replace(IPV4, ' '))
    .filter((token) => token !== principal && !ports.some((p) => token === String(p)));
  return { ips, cidrs, ports, principal, resourceNames, any: Boolean(ips.length || cidrs.length || ports.length || principal || resourceNames.length) };
}

function principalOf(text: string): string | undefined {
  const patterns = [
    /\bwhat (?:did|has|have|was) (?:the )?(?:iam )?(?:user |role )?([A-Za-z0-9][\w.@+=-]*) (?:do|done|doing|been doing|up to)\b/i,
    /\b(?:by|from|for) (?:the )?(?:iam )?(?:user|role|principal|identity) ([A-Za-z0-9][\w.@+=-]*)/i,
    /\b(?:iam )?user ([A-Za-z0-9][\w.@+=-]*[\w])\b(?! (?:was|were|is|are|got|had|has|made|created|deleted))/i,
    /\b(?:made|done|performed|called) by ([A-Za-z0-9][\w.@+=-]*)/i,
  ];
  for (const pattern of patterns) {
    const name = pattern.exec(text)?.[1];
    if (name && !STOP_PRINCIPALS.has(name.toLowerCase()) && !/^(?:names?|accounts?|agents?|ids?|types?|activity)$/i.test(name)) return name.replace(/[.,;:!?]+$/, '');
  }
  return undefined;
}

/** Tokens that look like identifiers: they carry a digit, dash, underscore or dot, or are quoted. */
function identifierTokens(text: string): string[] {
  const quoted = [...text.matchAll(/["'`“”‘’]([^"'`“”‘’]{2,200})["'`“”‘’]/g)].map((m) => m[1]!.trim());
  const bare = [...text.matchAll(/(?<![\w@.-])([A-Za-z0-9][A-Za-z0-9._:/-]*[A-Za-z0-9])(?![\w@-])/g)]
    .map((m) => m[1]!)
    .filter((token) => /[\d_.:-]/.test(token) && !/^[A-Z][a-z]+(?:[A-Z][a-z0-9]*)+$/.test(token))
    .filter((token) => !NOT_IDENTIFIERS.test(token) && !/^\d{12}$/.test(token) && !/^[\d.,:/-]+$/.test(token) && !/^(?:[a-z]{2}-)+\w+-\d$/.test(token));
  return [...new Set([...quoted, ...bare])];
}
