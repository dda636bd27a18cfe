/**
 * The API's types, and nothing else: `pers-mock/types` is for browser code, whose tsconfig has
 * no Node or Fastify types, so nothing here may import a module that pulls them in.
 */
export type { paths, components, operations } from './generated/pers-api.js';
export type { ErrorCode, ErrorCategory, PersErrorBody } from './errors.js';
import type { components } from './generated/pers-api.js';
/** A trigger source as the API returns it. */
export type TriggerSource = components['schemas']['TriggerSourceResponseDto'];
/** The body of a create or update. */
export type TriggerSourceDraft = components['schemas']['CreateTriggerSourceDto'];
/** Every error body. */
export type PersErrorResponse = components['schemas']['PersError'];
