import { describe, expect, it } from 'vitest';
import { BuildStreamChecker } from './build-stream.js';
import type { BuildEvent } from './events.js';

const ok = [
  { stream: 'Step 1/3 : FROM busybox' },
  { stream: '\n' },
  { stream: ' ---> 1234567890ab\n' },
  { stream: 'Step 2/3 : COPY . /app\n' },
  { stream: ' ---> Using cache\n ---> abcdefabcdef\n' },
  { stream: 'Step 3/3 : RUN make\n' },
  { stream: ' ---> Running in 42\nbuilding' },
  { stream: ' more\n' },
  { aux: { ID: 'sha256:feed' } },
  { stream: 'Successfully built feed\n' },
];

describe('BuildStreamChecker', () => {
  it('reports steps, cache hits and output, and returns the image ID', () => {
    const events: BuildEvent[] = [];
    const checker = new BuildStreamChecker((e) => events.push(e));
    for (const line of ok) checker.push(line);
    expect(checker.finish()).toBe('sha256:feed');
    expect(
      events
        .filter((e) => e.type === 'build_step')
        .map((e) => e.type === 'build_step' && e.instruction),
    ).toEqual(['FROM busybox', 'COPY . /app', 'RUN make']);
    expect(events).toContainEqual({ type: 'build_step_cached', step: 2 });
    expect(events).toContainEqual({ type: 'build_output', step: 3, line: 'building more' });
  });

  it('fails on an errorDetail line with the step and its last output, even after progress', () => {
    const checker = new BuildStreamChecker();
    for (const line of ok.slice(0, 8)) checker.push(line);
    let error: unknown;
    try {
      checker.push({ stream: 'make: *** no rule\n' });
      checker.push({
        errorDetail: {
          code: 2,
          message: "The command '/bin/sh -c make' returned a non-zero code: 2",
        },
        error: 'x',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'IMAGE_BUILD_FAILED', step: 'step 3/3 (RUN make)' });
    expect((error as Error).message).toMatch(/returned a non-zero code: 2/);
    expect((error as { output: string[] }).output).toEqual([
      ' ---> Running in 42',
      'building more',
      'make: *** no rule',
    ]);
  });

  it('fails on a bare error line and on a stream without an image ID', () => {
    expect(() => new BuildStreamChecker().push({ error: 'boom' })).toThrow(/boom/);
    const checker = new BuildStreamChecker();
    checker.push({ stream: 'Step 1/1 : FROM x\n' });
    expect(() => checker.finish()).toThrow(/without an image ID/);
  });

  it("reports the builder's [Warning] lines as warning events and keeps them as output", () => {
    const events: BuildEvent[] = [];
    const checker = new BuildStreamChecker((e) => events.push(e));
    checker.push({ stream: 'Step 1/1 : FROM x\n' });
    checker.push({ stream: '[Warning] One or more build-args [UNUSED] were not consumed\n' });
    checker.push({ aux: { ID: 'sha256:feed' } });
    expect(checker.finish()).toBe('sha256:feed');
    expect(events).toContainEqual({
      type: 'warning',
      code: 'IMAGE_BUILD_WARNING',
      message: 'One or more build-args [UNUSED] were not consumed',
      step: 1,
    });
    expect(events).toContainEqual({
      type: 'build_output',
      step: 1,
      line: '[Warning] One or more build-args [UNUSED] were not consumed',
    });
  });
});
