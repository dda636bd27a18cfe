import { readBackCheck } from './read-back.js';

export const ensureResourceAvailability = readBackCheck({
  name: 'ensure_resource_availability',
  failsWhen: 'a created resource cannot be read back with the fields it was created with',
  kind: 'read-after-create',
  written: 'created',
  unreadable: 'a resource the server just created cannot be read',
  differs: 'the resource read back differs from what was created',
  expectedFields: 'every field sent on create, as sent',
});
