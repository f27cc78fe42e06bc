import type { Emitter } from '../emitter.js';

/** Placeholder until the form schema generator lands (issue 4). */
export const formsEmitter: Emitter = {
  target: 'forms',
  prepare: () => ({ emitConnector: () => ({ files: [], diagnostics: [] }), emitIndex: () => ({ files: [], diagnostics: [] }) }),
};
