#!/usr/bin/env node
import { main } from '../dist/npa.js';

process.exitCode = await main(process.argv.slice(2));
