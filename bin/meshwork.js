#!/usr/bin/env node
// The meshwork command. The sources are TypeScript run through tsx, so `npx meshwork`
// works right after `npm install` without a build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
await main();
