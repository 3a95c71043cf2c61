import { describe, expect, it } from 'vitest';
import { leftHeavyLayout, timeOrderLayout } from './layout.js';
import { packProfile, unpackProfile, type PackedProfile } from './packed-profile.js';
import { fromCpuProfile } from './parse-cpuprofile.js';
import { folded, treeShape } from './profile-test-support.js';
import { syntheticProfile } from './synthetic.js';

/** Packs, sends through a real structured clone with the buffers transferred (as postMessage does), unpacks. */
function roundTrip(profile: Parameters<typeof packProfile>[0]) {
  const { packed, transfer } = packProfile(profile);
  const received = structuredClone(packed, { transfer }) as PackedProfile;
  return { sent: packed, received: unpackProfile(received) };
}

describe('packProfile and unpackProfile', () => {
  it('give back the same tree, timeline and layouts, the buffers moved rather than copied', () => {
    const profile = fromCpuProfile(syntheticProfile({ frames: 3000, seed: 5 }), { id: 'p1', name: 'app.cpuprofile' });
    const { sent, received } = roundTrip({ ...profile, capturedAt: 1234 });
    expect(sent.nodeFrame.byteLength).toBe(0);
    expect(received).toMatchObject({ id: 'p1', name: 'app.cpuprofile', kind: 'cpu', unit: profile.unit, source: 'cpuprofile', total: profile.total, capturedAt: 1234 });
    expect(received.original).toBeUndefined();
    expect(received.frames).toEqual(profile.frames);
    expect(treeShape(received, received.root)).toBe(treeShape(profile, profile.root));
    expect(received.timeline!.map((s) => [s.node.frame, s.node.total, s.weight])).toEqual(profile.timeline!.map((s) => [s.node.frame, s.node.total, s.weight]));
    // Each sample's leaf is a node of the unpacked tree, so the time-order layout climbs it the same.
    expect(timeOrderLayout(received)).toEqual(timeOrderLayout(profile));
    expect(leftHeavyLayout(received.root)).toEqual(leftHeavyLayout(profile.root));
  });

  it('keeps the children order of a tree with leaves at every depth, and a profile without timeline', () => {
    const profile = folded('a;b;c 1', 'a;d 2', 'e 3', 'a;b 4', 'f;g;h;i 1');
    const { received } = roundTrip(profile);
    expect(treeShape(received, received.root)).toBe('*(11)[a(7)[b(5)[c(1)],d(2)],e(3),f(1)[g(1)[h(1)[i(1)]]]]');
    expect(received.timeline).toBeUndefined();
  });
});
