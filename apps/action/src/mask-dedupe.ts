import { workflowCommand } from 'swarmlift';

/**
 * The action registers every mask first; the CLI, run in-process, registers
 * the masks of its own settings again when it starts. this is the
 * filter on the CLI's output that leaves out an `::add-mask::` line the
 * runner has already seen (and remembers new ones), so each mask is printed
 * once. Every other text passes unchanged.
 */
export function createMaskDeduper(issued: Iterable<string>): { filter(chunk: string): string } {
  const seen = new Set<string>();
  for (const value of issued) seen.add(workflowCommand('add-mask', value));
  return {
    filter(chunk) {
      if (!chunk.includes('::add-mask::')) return chunk;
      const parts = chunk.split(/(?<=\n)/);
      return parts
        .filter((part) => {
          if (!part.endsWith('\n') || !part.startsWith('::add-mask::')) return true;
          const line = part.replace(/\r?\n$/, '');
          if (seen.has(line)) return false;
          seen.add(line);
          return true;
        })
        .join('');
    },
  };
}
