/** What a line of `GET /services/{id}/logs?timestamps=1&details=1` carries besides the text. */
export interface ParsedServiceLogLine {
  /** RFC 3339 with nanoseconds, as the engine wrote it. */
  time: string | undefined;
  taskId: string | undefined;
  nodeId: string | undefined;
  serviceId: string | undefined;
  /** The line as the task wrote it. */
  text: string;
}

const TIME = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d)) /;
/** `key=value` pairs, comma-separated, URL-encoded (moby's log details). */
const DETAILS = /^([A-Za-z0-9_.-]+=[^\s,]*(?:,[A-Za-z0-9_.-]+=[^\s,]*)*)(?: |$)/;

/**
 * Splits one log line into the engine's timestamp, the swarm details
 * (`com.docker.swarm.task.id=…,com.docker.swarm.node.id=…`) and the text.
 * A line without them (an engine that sent none) is all text. Pure.
 */
export function parseServiceLogLine(line: string): ParsedServiceLogLine {
  let rest = line;
  let time: string | undefined;
  const timeMatch = TIME.exec(rest);
  if (timeMatch) {
    time = timeMatch[1];
    rest = rest.slice(timeMatch[0].length);
  }
  const details: Record<string, string> = {};
  const detailMatch = DETAILS.exec(rest);
  if (detailMatch?.[1]?.includes('com.docker.swarm.')) {
    for (const pair of detailMatch[1].split(',')) {
      const eq = pair.indexOf('=');
      details[decode(pair.slice(0, eq))] = decode(pair.slice(eq + 1));
    }
    rest = rest.slice(detailMatch[0].length);
  }
  return {
    time,
    taskId: details['com.docker.swarm.task.id'] || undefined,
    nodeId: details['com.docker.swarm.node.id'] || undefined,
    serviceId: details['com.docker.swarm.service.id'] || undefined,
    text: rest,
  };
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
