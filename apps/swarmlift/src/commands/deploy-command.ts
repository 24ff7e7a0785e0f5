import { deploy } from '../pipeline/deploy.js';
import type { CommandBody } from './run-command.js';

export const deployCommand: CommandBody = (context) => deploy(context);
