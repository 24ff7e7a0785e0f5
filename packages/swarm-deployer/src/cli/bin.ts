#!/usr/bin/env node
// The swarmlift-stack executable: core's runBin around run().
import { runBin } from '@swarmlift/core';
import { run } from './run.js';

runBin(run);
