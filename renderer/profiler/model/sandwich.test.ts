import { describe, expect, it } from 'vitest';
import { leftHeavyLayout } from './layout.js';
import { folded, layoutRows, treeShape } from './profile-test-support.js';
import { calleesTree, callersTree, functionTable } from './sandwich.js';

// parse is recursive (main;parse;parse) and called from two places (main, write).
const profile = folded('main;parse;parse;scan 3', 'main;parse 1', 'main;write;parse;scan 2', 'main;write 2', 'gc 2');
const frameOf = (name: string) => profile.frames.findIndex((frame) => frame.name === name);

describe('functionTable', () => {
  it('gives self and total per function, recursion counted once, heaviest first', () => {
    const rows = functionTable(profile).map((row) => ({ name: profile.frames[row.frame].name, self: row.self, total: row.total, totalShare: row.totalShare }));
    expect(rows).toEqual([
      { name: 'main', self: 0, total: 8, totalShare: 0.8 },
      { name: 'parse', self: 1, total: 6, totalShare: 0.6 },
      { name: 'scan', self: 5, total: 5, totalShare: 0.5 },
      { name: 'write', self: 2, total: 4, totalShare: 0.4 },
      { name: 'gc', self: 2, total: 2, totalShare: 0.2 },
    ]);
  });
});

describe('callersTree', () => {
  it('puts the function on top and its callers under it, each path weighing the function\'s total on it', () => {
    const tree = callersTree(profile, frameOf('parse'));
    expect(treeShape(profile, tree)).toBe('*(6)[parse(6)[main(4),write(2)[main(2)]]]');
  });

  it('gives a tree the layouts draw, the function as row 0', () => {
    expect(layoutRows(profile, leftHeavyLayout(callersTree(profile, frameOf('scan'))))).toEqual([
      '0:scan@0+5',
      '1:parse@0+5',
      '2:parse@0+3',
      '2:write@3+2',
      '3:main@0+3',
      '3:main@3+2',
    ]);
  });

  it('refuses a frame the profile does not have', () => {
    expect(() => callersTree(profile, 99)).toThrow(/frame 99 is not in profile test \(it has 5 frames\)/);
  });
});

describe('calleesTree', () => {
  it('merges every outermost call\'s subtree under the function', () => {
    expect(treeShape(profile, calleesTree(profile, frameOf('parse')))).toBe('*(6)[parse(6)[parse(3)[scan(3)],scan(2)]]');
  });
});
