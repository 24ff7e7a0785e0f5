import { Agent, type AgentOptions } from 'node:http';
import { Agent as HttpsAgent, type AgentOptions as HttpsAgentOptions } from 'node:https';
import { inspect } from 'node:util';

/*
 * docker-modem runs `util.inspect(options, { showHidden: true, depth: null })`
 * on every request for its debug log, even when debugging is off, and the
 * options hold the agent. An agent with many open sockets (or SSH channels,
 * which reach the whole ssh2 client) then costs milliseconds per request and
 * makes 200 concurrent calls take seconds. A one-word inspect output removes that.
 */

export class QuietAgent extends Agent {
  constructor(options?: AgentOptions) {
    super(options);
  }

  [inspect.custom](): string {
    return '[swarmlift agent]';
  }
}

export class QuietHttpsAgent extends HttpsAgent {
  constructor(options?: HttpsAgentOptions) {
    super(options);
  }

  [inspect.custom](): string {
    return '[swarmlift agent]';
  }
}
