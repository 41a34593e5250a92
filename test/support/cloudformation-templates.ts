import { PSEUDO_PARAMETERS, type Resource, type Template } from '../../pipeline-infra/infra/cloudformation.js';

/** Every value of a template, depth first, with JSON documents held in `Fn::Sub` strings parsed and walked too. */
function* walk(value: unknown): Generator<unknown> {
  yield value;
  if (Array.isArray(value)) for (const item of value) yield* walk(item);
  else if (value && typeof value === 'object') {
    const sub = (value as Record<string, unknown>)['Fn::Sub'];
    if (typeof sub === 'string' && sub.startsWith('{')) yield* walk(JSON.parse(sub));
    for (const item of Object.values(value)) yield* walk(item);
  }
}

/** The names a template refers to: `Ref`, `Fn::GetAtt` and `${Name}` / `${Resource.Attribute}` in `Fn::Sub` (not `${!literal}`). */
export function referencesOf(template: Template): { via: 'Ref' | 'Fn::GetAtt' | 'Fn::Sub'; name: string }[] {
  const found: { via: 'Ref' | 'Fn::GetAtt' | 'Fn::Sub'; name: string }[] = [];
  for (const value of walk(template)) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) continue;
    const object = value as Record<string, unknown>;
    if (typeof object.Ref === 'string') found.push({ via: 'Ref', name: object.Ref });
    if (Array.isArray(object['Fn::GetAtt'])) found.push({ via: 'Fn::GetAtt', name: String(object['Fn::GetAtt'][0]) });
    if (typeof object['Fn::Sub'] === 'string') {
      for (const [, name] of object['Fn::Sub'].matchAll(/\$\{([^!}][^}]*)\}/g)) found.push({ via: 'Fn::Sub', name: name!.includes('::') ? name! : name!.split('.')[0]! });
    }
  }
  return found;
}

/** References to nothing the template declares: each names the reference and how it was made. */
export function danglingReferences(template: Template): string[] {
  const resources = new Set(Object.keys(template.Resources));
  const declared = new Set([...resources, ...Object.keys(template.Parameters ?? {}), ...PSEUDO_PARAMETERS]);
  return referencesOf(template)
    .filter(({ via, name }) => (via === 'Fn::GetAtt' ? !resources.has(name) : !declared.has(name)))
    .map(({ via, name }) => `${via} ${name}`);
}

/** Parameters nothing refers to. */
export function unusedParameters(template: Template): string[] {
  const used = new Set(referencesOf(template).map((r) => r.name));
  return Object.keys(template.Parameters ?? {}).filter((name) => !used.has(name));
}

/** Every IAM statement in a template (identity, trust and resource policies, JSON-string policies too), with its actions as a list. */
export function statementsOf(template: Template): { effect: string; actions: string[]; statement: Record<string, unknown> }[] {
  const found: { effect: string; actions: string[]; statement: Record<string, unknown> }[] = [];
  for (const value of walk(template)) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) continue;
    const statement = value as Record<string, unknown>;
    if (typeof statement.Effect !== 'string') continue;
    const actions = statement.Action ?? statement.NotAction;
    found.push({ effect: statement.Effect, actions: ([] as unknown[]).concat(actions).map(String), statement });
  }
  return found;
}

export function resourcesOfType(template: Template, type: string): [string, Resource][] {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

/**
 * An S3 prefix as Firehose renders it for one record: `!{partitionKeyFromQuery:k}` and
 * `!{partitionKeyFromLambda:k}` from the record's partition keys, `!{timestamp:…}` from its
 * arrival time (UTC). Anything else, or a key the record lacks, is an error, as in Firehose.
 */
export function renderFirehosePrefix(prefix: string, partitionKeys: Record<string, string>, arrival: Date): string {
  const iso = arrival.toISOString();
  const timestamp: Record<string, string> = { yyyy: iso.slice(0, 4), MM: iso.slice(5, 7), dd: iso.slice(8, 10), HH: iso.slice(11, 13) };
  return prefix.replace(/!\{([^}]+)\}/g, (expression, body: string) => {
    const [namespace, key] = body.split(':') as [string, string];
    const value = namespace === 'timestamp' ? timestamp[key] : ['partitionKeyFromQuery', 'partitionKeyFromLambda'].includes(namespace) ? partitionKeys[key] : undefined;
    if (value === undefined) throw new Error(`cannot render ${expression} (keys: ${JSON.stringify(partitionKeys)})`);
    return value;
  });
}
