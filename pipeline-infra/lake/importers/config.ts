import { configTable } from '../../catalog/tables/config.js';
import { isoUtc } from '../aws-time.js';
import { canonicalizeKeys } from './canonical-keys.js';
import { accept, foreign, isObject, readJsonRecords, skip, type FileRows, type Normalized } from './read-input.js';

type Item = Record<string, unknown>;

/** The API (GetResourceConfigHistory) spells these differently from S3 delivery and notifications, which the table follows. */
const API_TO_DELIVERY_KEYS: Record<string, string> = {
  accountId: 'awsAccountId',
  configurationItemMD5Hash: 'configurationStateMd5Hash',
  version: 'configurationItemVersion',
};

/**
 * A flat configuration item with the S3 delivery key names, from any of the shapes Config
 * produces: the item itself (API or delivery names), a change notification
 * (`configurationItem` inside), or an EventBridge event (`detail.configurationItem`). The API's
 * `configuration` JSON string becomes an object; a Python-repr capture time becomes ISO-8601.
 */
export function toConfigItem(value: unknown): Normalized {
  if (!isObject(value)) return foreign('not a configuration item');
  const item = itemOf(value);
  if (!item) return isConfigMessage(value) ? skip(`${describeMessage(value)} holds no configuration item`) : foreign('not a configuration item');
  const canonical = canonicalizeKeys(renameApiKeys(item), configTable.columns);
  const captureTime = isoUtc(canonical.configurationItemCaptureTime);
  if (!captureTime) return skip(`configurationItemCaptureTime missing or unreadable: ${JSON.stringify(canonical.configurationItemCaptureTime ?? null)}`);
  return accept({ ...canonical, configurationItemCaptureTime: captureTime, configuration: parsedConfiguration(canonical.configuration) });
}

function itemOf(value: Item): Item | undefined {
  if (isObject(value.detail) && isObject(value.detail.configurationItem)) return value.detail.configurationItem;
  if (isObject(value.configurationItem)) return value.configurationItem;
  const looksLikeItem = 'configurationItemCaptureTime' in value || ('resourceType' in value && 'resourceId' in value);
  return looksLikeItem && !('messageType' in value) ? value : undefined;
}

/** Config's own messages without an item: oversized-item and compliance notifications, scheduled snapshots. */
function isConfigMessage(value: Item): boolean {
  return value.source === 'aws.config' || typeof value.messageType === 'string';
}

function describeMessage(value: Item): string {
  const messageType = isObject(value.detail) ? value.detail.messageType : value.messageType;
  return typeof messageType === 'string' ? messageType : 'the event';
}

function renameApiKeys(item: Item): Item {
  const renamed: Item = {};
  for (const [key, value] of Object.entries(item)) {
    const deliveryKey = API_TO_DELIVERY_KEYS[key];
    renamed[deliveryKey && !(deliveryKey in item) ? deliveryKey : key] = value;
  }
  return renamed;
}

/** The API returns `configuration` as JSON text; delivered items hold the object, which JSON paths can reach. */
function parsedConfiguration(configuration: unknown): unknown {
  if (typeof configuration !== 'string') return configuration;
  try {
    const parsed: unknown = JSON.parse(configuration);
    return isObject(parsed) ? parsed : configuration;
  } catch {
    return configuration;
  }
}

/**
 * One item per file (as the API or the RDK writes them), 1-element lists, S3 history files
 * (`{"configurationItems":[…]}`), NDJSON, EventBridge events; plain or gzip.
 */
export function readConfigFile(path: string): Promise<FileRows> {
  return readJsonRecords(path, ['configurationItems'], toConfigItem);
}
