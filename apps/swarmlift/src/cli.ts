#!/usr/bin/env node
import { runBin } from '@swarmlift/core';
import { main } from './main.js';

runBin(main);
