// Options of each server module, one strict schema per [modules.<id>] section. A section's presence
// enables the module; an empty section means all defaults. Module ids match ServerModule.id.
import * as z from 'zod';
import { boolean, integer } from './field-schemas.js';

export const MODULE_SCHEMAS = {
  mod_roster: z.strictObject({
    /** RFC 6121 §2.6 roster versioning. */
    versioning: boolean().default(true),
  }),
  mod_offline: z.strictObject({
    /** How many offline messages one user may have stored. */
    max_messages: integer(0, 1_000_000).default(1000),
  }),
  mod_disco: z.strictObject({}),
  mod_ping: z.strictObject({}),
  mod_version: z.strictObject({
    /** Whether jabber:iq:version answers include the operating system. */
    os_info: boolean().default(false),
  }),
  mod_vcard: z.strictObject({
    /** Largest vCard a user may store, in bytes (XEP-0054); larger ones get <not-acceptable/>. */
    max_size: integer(256, 16 * 1024 * 1024).default(32768),
  }),
  mod_private: z.strictObject({
    /** Largest private XML fragment a user may store, in bytes (XEP-0049). */
    max_size: integer(256, 16 * 1024 * 1024).default(65536),
  }),
  mod_blocking: z.strictObject({}),
  mod_presence: z.strictObject({}),
} as const;

export type ModuleId = keyof typeof MODULE_SCHEMAS;

export const MODULE_IDS = Object.keys(MODULE_SCHEMAS) as ModuleId[];

export type ModuleOptions = { [Id in ModuleId]: z.output<(typeof MODULE_SCHEMAS)[Id]> };

export const modulesSchema = z.strictObject(
  Object.fromEntries(MODULE_IDS.map((id) => [id, MODULE_SCHEMAS[id].optional()])) as {
    [Id in ModuleId]: z.ZodOptional<(typeof MODULE_SCHEMAS)[Id]>;
  },
);
