import { gzipSync, constants } from 'node:zlib';
import { normalCloudTrail } from './pipeline-infra/lake/generator/cloudtrail.ts';
import { Random } from './pipeline-infra/lake/generator/random.ts';
const now = Date.parse('2024-05-15T12:00:00Z');
let t = performance.now();
const rows = [...normalCloudTrail({ random: Random.fromSeed(1).fork('cloudtrail'), window: { from: now - 14 * 86400e3, to: now }, events: 200000 })];
console.log('generate', rows.length, (performance.now() - t).toFixed(0), 'ms');
for (let k = 0; k < 2; k++) {
t = performance.now();
const parts: string[] = [];
for (let i = 0; i < rows.length; i += 5000) parts.push(JSON.stringify({ Records: rows.slice(i, i + 5000) }));
console.log('stringify', (performance.now() - t).toFixed(0), 'ms', 'bytes/event', (parts.reduce((s, p) => s + p.length, 0) / rows.length).toFixed(0));
for (const level of [1, 3, 6]) {
  t = performance.now();
  let out = 0;
  for (const p of parts) out += gzipSync(p, { level }).length;
  console.log('gzip level', level, (performance.now() - t).toFixed(0), 'ms', 'ratio', (out / parts.reduce((s, p) => s + p.length, 0)).toFixed(3));
}
}
