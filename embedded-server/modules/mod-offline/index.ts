// RFC 6121 §8.5.2.2.1 and XEP-0160: mod_offline stores chat and normal messages for users with no
// available resource and delivers them, with XEP-0203 delay stamps, at the user's next initial presence.
import { defineModule } from '../../core/server-module.js';
import { OfflineDelivery } from './offline-delivery.js';
import { OfflineIntake } from './offline-intake.js';

export interface OfflineOptions {
  /** How many messages one user may have waiting (default 1000); beyond it senders get an error. */
  max_messages?: number;
}

export const DEFAULT_MAX_MESSAGES = 1000;

export const modOffline = defineModule<OfflineOptions>({
  id: 'mod_offline',
  start(ctx, options) {
    const { storage, router, sessions, log } = ctx;
    const intake = new OfflineIntake(storage, options.max_messages ?? DEFAULT_MAX_MESSAGES, () => ctx.now());
    const delivery = new OfflineDelivery({ storage, router, sessions, log });
    return {
      // XEP-0160 §5: the server says it stores messages for offline users.
      features: ['msgoffline'],
      hooks: [
        {
          hook: 'offline_message',
          priority: 50,
          // Another handler (blocking, say) already decided: respect it.
          handler: (acc, { from, to, stanza }) => (acc === 'unhandled' ? intake.offer(from, to, stanza) : acc),
        },
        {
          hook: 'user_available',
          priority: 50,
          handler: async (acc, { session }) => {
            const delivered = await delivery.deliverTo(session);
            if (delivered > 0) ctx.metrics.offlineDelivered(delivered);
            return acc;
          },
        },
      ],
    };
  },
});
