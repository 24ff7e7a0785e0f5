import { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { inspect } from 'node:util';

/*
 * docker-modem runs `util.inspect(options, { showHidden: true, depth: null })`
 * on every request for its debug log, even when debugging is off, and the
 * options hold the agent. An agent with many open sockets (or SSH channels,
 * which reach the whole ssh2 client) then costs milliseconds per request and
 * makes 200 concurrent calls take seconds. A one-word inspect output removes that.
 */

export class QuietAgent extends Agent {
  [inspect.custom](): string {
    return '[swarmlift agent]';
  }
}

export class QuietHttpsAgent extends HttpsAgent {
  [inspect.custom](): string {
    return '[swarmlift agent]';
  }
}
