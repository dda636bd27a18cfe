import { readBackCheck } from './read-back.js';

export const updatePersisted = readBackCheck({
  name: 'update_persisted',
  failsWhen: 'a successful update is not reflected by a later read',
  kind: 'read-after-update',
  written: 'updated',
  unreadable: 'a resource that was just updated cannot be read',
  differs: 'a later read does not show the update',
  expectedFields: 'every field sent in the update, as sent',
});
