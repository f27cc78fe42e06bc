import type { Emitter } from '../emitter.js';

/** Placeholder until the client generator lands (issue 5). */
export const clientEmitter: Emitter = {
  target: 'clients',
  prepare: () => ({ emitConnector: () => ({ files: [], diagnostics: [] }), emitIndex: () => ({ files: [], diagnostics: [] }) }),
};
