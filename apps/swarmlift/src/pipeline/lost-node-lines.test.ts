import type { LostNode } from '@swarmlift/stack-waiter';
import { describe, expect, it } from 'vitest';
import { lostNodeLines, stillLostNodes } from './lost-node-lines.js';

const w1: LostNode = {
  nodeId: 'n1',
  node: 'w1',
  state: 'down',
  availability: 'active',
  back: false,
  services: ['shop_django'],
};

describe('lostNodeLines', () => {
  it('names each lost node, its state and the services it held', () => {
    expect(lostNodeLines([w1])).toEqual([
      'node w1 was lost during the wait (down): it held tasks of shop_django',
    ]);
    expect(lostNodeLines([{ ...w1, state: 'ready', availability: 'drain' }])).toEqual([
      'node w1 was lost during the wait (drain): it held tasks of shop_django',
    ]);
  });

  it('says when a lost node came back, and gives nothing without lost nodes', () => {
    expect(lostNodeLines([{ ...w1, state: 'ready', back: true }])).toEqual([
      'node w1 was lost during the wait and is back (it held tasks of shop_django)',
    ]);
    expect(lostNodeLines([])).toEqual([]);
    expect(lostNodeLines(undefined)).toEqual([]);
  });
});

describe('stillLostNodes', () => {
  it('lists the nodes not back, with their state', () => {
    expect(
      stillLostNodes([
        w1,
        { ...w1, node: 'w2', back: true, state: 'ready' },
        { ...w1, node: 'w3', state: 'ready', availability: 'drain' },
      ]),
    ).toEqual(['w1 (down)', 'w3 (drain)']);
  });
});
