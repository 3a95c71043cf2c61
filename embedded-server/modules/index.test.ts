import { describe, expect, it } from 'vitest';
import { MODULES } from './index.js';

describe('module catalog', () => {
  it('keys every module by its own id (the [modules.<id>] config section)', () => {
    for (const [key, module] of Object.entries(MODULES)) expect(module.id).toBe(key);
  });

  it('lists the node’s modules', () => {
    expect(Object.keys(MODULES).sort()).toEqual(
      ['mod_blocking', 'mod_disco', 'mod_offline', 'mod_ping', 'mod_presence', 'mod_private', 'mod_roster', 'mod_vcard', 'mod_version'].sort(),
    );
  });
});
