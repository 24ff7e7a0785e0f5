import { describe, expect, it } from 'vitest';
import type { ComposeModel, FileObjectModel } from './compose-model.js';
import { convertStack, fileObjectPaths } from './convert-stack.js';

const source = { file: '/p/compose.yml', line: 1, column: 1 };
const object = (o: Partial<FileObjectModel>): FileObjectModel => ({
  external: false,
  labels: {},
  source,
  ...o,
});
const model = (parts: Partial<ComposeModel>): ComposeModel => ({
  file: '/p/compose.yml',
  services: {},
  networks: {},
  volumes: {},
  secrets: {},
  configs: {},
  ...parts,
});

describe('fileObjectPaths', () => {
  it('lists the files of secrets and configs once; external and driver-made ones have none to read', () => {
    expect(
      fileObjectPaths(
        model({
          secrets: {
            a: object({ file: '/p/a.txt' }),
            ext: object({ external: true, name: 'x' }),
            gen: object({ driver: 'vault' }),
          },
          configs: { a: object({ file: '/p/a.txt' }), b: object({ file: '/p/b.ini' }) },
        }),
      ),
    ).toEqual(['/p/a.txt', '/p/b.ini']);
  });
});

describe('convertStack with file contents', () => {
  it('names a secret by the hash of the content it is given', () => {
    const { stack, problems } = convertStack({
      model: model({ secrets: { a: object({ file: '/p/a.txt' }) } }),
      stack: 's',
      files: ['/p/compose.yml'],
      warnings: [],
      contents: new Map([['/p/a.txt', Buffer.from('secret')]]),
    });
    expect(problems).toEqual([]);
    expect(stack.secrets[0]).toMatchObject({
      name: 'a',
      fullName: 's_a_2bb80d537b1d',
      data: Buffer.from('secret'),
    });
  });

  it('a file without content (it could not be read) is a problem at its definition', () => {
    const { stack, problems } = convertStack({
      model: model({ configs: { c: object({ file: '/p/missing.ini' }) } }),
      stack: 's',
      files: ['/p/compose.yml'],
      warnings: [],
      contents: new Map(),
    });
    expect(stack.configs).toEqual([]);
    expect(problems).toEqual([
      { path: 'configs.c.file', message: 'cannot read config file /p/missing.ini', source },
    ]);
  });
});
