#!/usr/bin/env node
// Runs the TypeScript sources directly (tsx), so `npx cia` works from a plain `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../bot/cli/main.ts');
process.exitCode = await main(process.argv);
