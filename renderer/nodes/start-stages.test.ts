import { describe, expect, it } from 'vitest';
import type { StartStage } from '../../main/common/console-api.js';
import { stageStates } from './start-stages.js';

const stage = (name: StartStage['stage'], status: StartStage['status']): StartStage => ({ stage: name, status, at: status === 'pending' ? null : 1 });

describe('stageStates', () => {
  it('names the first pending stage as the one under way while starting', () => {
    const stages = [stage('spawned', 'ok'), stage('config_valid', 'ok'), stage('listeners_bound', 'pending'), stage('admin_ready', 'pending')];
    expect(stageStates(stages, true)).toEqual(['ok', 'ok', 'current', 'waiting']);
    expect(stageStates(stages, false)).toEqual(['ok', 'ok', 'waiting', 'waiting']);
  });

  it('marks the stages after a failure as skipped, not waiting', () => {
    const stages = [stage('spawned', 'ok'), stage('config_valid', 'failed'), stage('listeners_bound', 'pending'), stage('admin_ready', 'pending')];
    expect(stageStates(stages, false)).toEqual(['ok', 'failed', 'skipped', 'skipped']);
  });
});
